// Validators of the CI report formats: SARIF against the official SARIF 2.1.0 JSON Schema (shipped
// by @microsoft/jest-sarif; draft-04, so ajv-draft-04), GitLab's Code Quality report against the
// shape GitLab documents (docs.gitlab.com, "Code Quality report format"), written out here.
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const GITLAB_CODE_QUALITY = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^/' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};

export type Validator = (data: unknown) => string | undefined;

/** Validates a SARIF log: undefined when valid, else the schema errors. */
export function sarifValidator(): Validator {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
  return (data) => (validate(data) ? undefined : ajv.errorsText(validate.errors));
}

/** Validates a GitLab Code Quality report: undefined when valid, else the schema errors. */
export function gitlabValidator(): Validator {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(GITLAB_CODE_QUALITY);
  return (data) => (validate(data) ? undefined : ajv.errorsText(validate.errors));
}
