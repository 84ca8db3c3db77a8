// The manifest model used when no floe-core source is found: our own compact description of the
// platform manifest's sections (apiVersion/kind/metadata, the 12 plugin categories, governance,
// approvals, defaults, artifacts, observability, resource presets) and of its cross-field rules,
// in our own words. Where a detail is not described here, any value is accepted.
import type { IrExpr, IrFunction, IrStmt } from '../python/pyIr';
import type { ModelMeta, ValidatorCheck } from '../python/pydanticValidators';
import { laxenSchema } from '../python/pydanticLax';
import { HTTP_URL_PATTERN } from '../python/pydanticBuiltins';
import type { ManifestModel } from './modelValidate';

type Schema = Record<string, unknown>;
interface Field {
  s: Schema;
  required?: boolean;
  default?: unknown;
}

// --- schema shorthands -------------------------------------------------------------------------
const str = (more: Schema = {}): Schema => ({ type: 'string', ...more });
const int = (more: Schema = {}): Schema => ({ type: 'integer', ...more });
const num = (more: Schema = {}): Schema => ({ type: 'number', ...more });
const bool: Schema = { type: 'boolean' };
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
const list = (items: Schema, more: Schema = {}): Schema => ({ type: 'array', items, ...more });
const dict = (values: Schema, keys?: Schema): Schema => ({ type: 'object', additionalProperties: values, ...(keys ? { propertyNames: keys } : {}) });
const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const opt = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const req = (s: Schema): Field => ({ s, required: true });
const dflt = (s: Schema, d?: unknown): Field => (d === undefined ? { s } : { s, default: d });
const maybe = (s: Schema): Field => ({ s: opt(s), default: null });

const K8S_NAME = '^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$';
const SEMVER = '^\\d+\\.\\d+\\.\\d+$';
const PCT = int({ minimum: 0, maximum: 100 });
const ENFORCE = oneOf('off', 'warn', 'strict');
const URL = str({ minLength: 1, pattern: HTTP_URL_PATTERN });

const MODELS: Record<string, { fields: Record<string, Field>; allowExtra?: boolean }> = {
  ManifestMetadata: {
    fields: {
      name: req(str({ minLength: 1, maxLength: 63, pattern: K8S_NAME })),
      version: req(str({ pattern: SEMVER })),
      owner: req(str({ minLength: 1 })),
      description: maybe(str({ maxLength: 500 })),
    },
  },
  PluginSelection: {
    fields: {
      type: req(str({ minLength: 1 })),
      version: maybe(str({ pattern: SEMVER })),
      config: maybe({ type: 'object' }),
      connection_secret_ref: maybe(str({ minLength: 1, maxLength: 253, pattern: K8S_NAME })),
    },
  },
  PluginsConfig: {
    fields: {
      ...Object.fromEntries(
        ['compute', 'orchestrator', 'catalog', 'storage', 'semantic_layer', 'ingestion', 'secrets', 'telemetry_backend', 'lineage_backend', 'identity'].map(
          (c) => [c, maybe(ref('PluginSelection'))],
        ),
      ),
      dbt: dflt(ref('PluginSelection')),
      quality: maybe(ref('QualityConfig')),
    },
  },
  GateTier: {
    fields: {
      min_test_coverage: dflt(num({ minimum: 0, maximum: 100 })),
      required_tests: dflt(list(str())),
      min_score: dflt(PCT),
      overridable: dflt(bool, true),
    },
  },
  QualityGates: { fields: { bronze: dflt(ref('GateTier')), silver: dflt(ref('GateTier')), gold: dflt(ref('GateTier')) } },
  DimensionWeights: {
    fields: Object.fromEntries(
      [
        ['completeness', 0.25],
        ['accuracy', 0.25],
        ['validity', 0.2],
        ['consistency', 0.15],
        ['timeliness', 0.15],
      ].map(([k, d]) => [k, dflt(num({ minimum: 0, maximum: 1 }), d)]),
    ),
  },
  CalculationParameters: {
    fields: {
      baseline_score: dflt(PCT),
      max_positive_influence: dflt(PCT),
      max_negative_influence: dflt(PCT),
      severity_weights: dflt(dict(num(), oneOf('critical', 'warning', 'info'))),
    },
  },
  QualityThresholds: { fields: { min_score: dflt(PCT, 70), warn_score: dflt(PCT, 85) } },
  QualityConfig: {
    fields: {
      provider: req(str({ minLength: 1 })),
      quality_gates: dflt(ref('QualityGates')),
      dimension_weights: dflt(ref('DimensionWeights')),
      calculation: dflt(ref('CalculationParameters')),
      thresholds: dflt(ref('QualityThresholds')),
      check_timeout_seconds: dflt(int({ minimum: 1, maximum: 3600 }), 300),
      enabled: dflt(bool, true),
    },
  },
  NamingConfig: {
    fields: { enforcement: dflt(ENFORCE, 'warn'), pattern: dflt(oneOf('medallion', 'kimball', 'custom'), 'medallion'), custom_patterns: maybe(list(str())) },
  },
  LayerThresholds: { fields: { bronze: dflt(PCT, 50), silver: dflt(PCT, 80), gold: dflt(PCT, 100) } },
  QualityGatesConfig: {
    fields: {
      minimum_test_coverage: dflt(PCT, 80),
      require_descriptions: dflt(bool, false),
      require_column_descriptions: dflt(bool, false),
      block_on_failure: dflt(bool, true),
      layer_thresholds: maybe(ref('LayerThresholds')),
      zero_column_coverage_behavior: dflt(oneOf('report_100_percent', 'report_na'), 'report_na'),
    },
  },
  RequireTagsForPrefix: {
    fields: {
      type: req({ type: 'string', const: 'require_tags_for_prefix' }),
      prefix: req(str({ minLength: 1 })),
      required_tags: req(list(str(), { minItems: 1 })),
      applies_to: dflt(str(), '*'),
    },
  },
  RequireMetaField: {
    fields: {
      type: req({ type: 'string', const: 'require_meta_field' }),
      field: req(str({ minLength: 1 })),
      required: dflt(bool, true),
      applies_to: dflt(str(), '*'),
    },
  },
  RequireTestsOfType: {
    fields: {
      type: req({ type: 'string', const: 'require_tests_of_type' }),
      test_types: req(list(str(), { minItems: 1 })),
      min_columns: dflt(int({ minimum: 1 }), 1),
      applies_to: dflt(str(), '*'),
    },
  },
  PolicyOverride: {
    fields: {
      pattern: req(str({ minLength: 1 })),
      action: req(oneOf('downgrade', 'exclude')),
      reason: req(str({ minLength: 1 })),
      expires: maybe({ type: ['string', 'number'] }),
      policy_types: maybe(list(str())),
    },
  },
  AutoGenerationConfig: {
    fields: {
      enabled: dflt(bool, true),
      include_descriptions: dflt(bool, true),
      default_classification: dflt(oneOf('public', 'internal', 'confidential', 'pii', 'phi', 'sensitive', 'restricted'), 'internal'),
    },
  },
  DriftDetectionConfig: {
    fields: Object.fromEntries(['enabled', 'fail_on_type_mismatch', 'fail_on_missing_column', 'warn_on_extra_column'].map((k) => [k, dflt(bool, true)])),
  },
  DataContractsConfig: {
    fields: {
      enforcement: dflt(ENFORCE, 'warn'),
      auto_generation: dflt(ref('AutoGenerationConfig')),
      drift_detection: dflt(ref('DriftDetectionConfig')),
      inheritance_mode: dflt(oneOf('merge', 'override', 'strict'), 'merge'),
    },
  },
  RBACConfig: { fields: { enabled: dflt(bool, false), required_role: maybe(str()), allow_principal_fallback: dflt(bool, true) } },
  SecretPatternConfig: { fields: { name: req(str()), pattern: req(str({ minLength: 1 })), severity: dflt(oneOf('error', 'warning'), 'error') } },
  SecretScanningConfig: {
    fields: {
      enabled: dflt(bool, false),
      exclude_patterns: dflt(list(str()), []),
      custom_patterns: maybe(list(ref('SecretPatternConfig'))),
      severity: dflt(oneOf('error', 'warning'), 'error'),
    },
  },
  NetworkPoliciesConfig: { fields: { enabled: dflt(bool, false), default_deny: dflt(bool, true), custom_egress_rules: dflt(list({ type: 'object' }), []) } },
  PolicyDefinitionConfig: {
    fields: {
      name: req(str({ minLength: 1 })),
      type: req(oneOf('required_tags', 'naming_convention', 'max_transforms', 'custom')),
      action: req(oneOf('warn', 'error', 'block')),
      message: req(str({ minLength: 1 })),
      config: dflt({ type: 'object' }, {}),
    },
  },
  GovernanceConfig: {
    fields: {
      pii_encryption: maybe(oneOf('required', 'optional')),
      audit_logging: maybe(oneOf('enabled', 'disabled')),
      policy_enforcement_level: maybe(ENFORCE),
      data_retention_days: maybe(int({ minimum: 1 })),
      default_ttl_hours: maybe(int({ minimum: 1 })),
      snapshot_keep_last: maybe(int({ minimum: 1 })),
      stale_table_recovery_mode: maybe(oneOf('strict', 'repair')),
      naming: maybe(ref('NamingConfig')),
      quality_gates: maybe(ref('QualityGatesConfig')),
      custom_rules: dflt(
        list({
          oneOf: [ref('RequireTagsForPrefix'), ref('RequireMetaField'), ref('RequireTestsOfType')],
          discriminator: {
            propertyName: 'type',
            mapping: {
              require_tags_for_prefix: '#/$defs/RequireTagsForPrefix',
              require_meta_field: '#/$defs/RequireMetaField',
              require_tests_of_type: '#/$defs/RequireTestsOfType',
            },
          },
        }),
        [],
      ),
      policy_overrides: dflt(list(ref('PolicyOverride')), []),
      data_contracts: maybe(ref('DataContractsConfig')),
      rbac: maybe(ref('RBACConfig')),
      secret_scanning: maybe(ref('SecretScanningConfig')),
      network_policies: maybe(ref('NetworkPoliciesConfig')),
      policies: maybe(list(ref('PolicyDefinitionConfig'))),
    },
  },
  SecretReference: {
    fields: {
      source: dflt(oneOf('env', 'kubernetes', 'vault', 'external-secrets', 'infisical'), 'kubernetes'),
      name: req(str({ minLength: 1, maxLength: 253, pattern: K8S_NAME })),
      key: maybe(str()),
    },
  },
  RegistryAuth: {
    fields: {
      type: req(oneOf('anonymous', 'basic', 'token', 'aws-irsa', 'azure-managed-identity', 'gcp-workload-identity')),
      credentials_ref: maybe(ref('SecretReference')),
    },
  },
  CacheConfig: {
    fields: { enabled: dflt(bool, true), path: dflt(str()), max_size_gb: dflt(int({ minimum: 1 }), 10), ttl_hours: dflt(int({ minimum: 1 }), 24) },
  },
  RetryConfig: {
    fields: {
      max_attempts: dflt(int({ minimum: 1, maximum: 10 }), 3),
      initial_delay_ms: dflt(int({ minimum: 100 }), 1000),
      backoff_multiplier: dflt(num({ minimum: 1, maximum: 5 }), 2),
      max_delay_ms: dflt(int({ minimum: 1000 }), 30000),
      jitter: dflt(bool, true),
    },
  },
  CircuitBreakerConfig: {
    fields: {
      enabled: dflt(bool, true),
      failure_threshold: dflt(int({ minimum: 1 }), 5),
      recovery_timeout_ms: dflt(int({ minimum: 1000 }), 60000),
      half_open_requests: dflt(int({ minimum: 1 }), 1),
    },
  },
  ResilienceConfig: { fields: { retry: dflt(ref('RetryConfig')), circuit_breaker: dflt(ref('CircuitBreakerConfig')) } },
  SigningConfig: {
    fields: {
      mode: req(oneOf('keyless', 'key-based')),
      oidc_issuer: maybe(URL),
      rekor_url: dflt(URL),
      fulcio_url: dflt(URL),
      private_key_ref: maybe(ref('SecretReference')),
    },
  },
  TrustedIssuer: { fields: { issuer: req(URL), subject: maybe(str()), subject_regex: maybe(str({ maxLength: 1000 })) } },
  EnvironmentPolicy: { fields: { enforcement: req(oneOf('enforce', 'warn', 'off')), require_sbom: maybe(bool) } },
  VerificationPolicy: {
    fields: {
      enabled: dflt(bool, true),
      enforcement: dflt(oneOf('enforce', 'warn', 'off'), 'enforce'),
      trusted_issuers: dflt(list(ref('TrustedIssuer')), []),
      require_rekor: dflt(bool, true),
      require_sbom: dflt(bool, false),
      public_key_ref: maybe(ref('SecretReference')),
      environments: dflt(dict(ref('EnvironmentPolicy')), {}),
      grace_period_days: dflt(int({ minimum: 0, maximum: 90 }), 7),
      private_infrastructure: dflt(bool, false),
    },
  },
  RegistryConfig: {
    fields: {
      uri: req(str({ minLength: 1, pattern: '^oci://[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9](:[0-9]+)?(/[a-zA-Z0-9._-]+)*$' })),
      auth: req(ref('RegistryAuth')),
      tls_verify: dflt(bool, true),
      cache: dflt(ref('CacheConfig')),
      resilience: dflt(ref('ResilienceConfig')),
      signing: maybe(ref('SigningConfig')),
      verification: maybe(ref('VerificationPolicy')),
    },
  },
  SecurityGateConfig: {
    fields: {
      command: req(str()),
      block_on_severity: dflt(list(str())),
      ignore_unfixed: dflt(bool, false),
      scanner_format: dflt(oneOf('trivy', 'grype'), 'trivy'),
      timeout_seconds: dflt(int()),
    },
  },
  AuthorizationConfig: { fields: { allowed_groups: maybe(list(str())), allowed_operators: maybe(list(str())), separation_of_duties: dflt(bool, false) } },
  EnvironmentLock: { fields: { locked: dflt(bool, false), reason: maybe(str()), locked_by: maybe(str()), locked_at: maybe({ type: ['string', 'number'] }) } },
  EnvironmentConfig: {
    fields: {
      name: req(str({ minLength: 1, maxLength: 50, pattern: '^[a-z][a-z0-9_-]*$' })),
      gates: req(
        dict({ anyOf: [bool, ref('SecurityGateConfig')] }, oneOf('policy_compliance', 'tests', 'security_scan', 'cost_analysis', 'performance_baseline')),
      ),
      gate_timeout_seconds: dflt(int({ minimum: 30, maximum: 3600 }), 300),
      authorization: maybe(ref('AuthorizationConfig')),
      lock: maybe(ref('EnvironmentLock')),
    },
  },
  WebhookConfig: {
    fields: {
      url: req(str()),
      events: req(list(str())),
      headers: maybe(dict(str())),
      timeout_seconds: dflt(int({ minimum: 1, maximum: 300 }), 30),
      retry_count: dflt(int({ minimum: 0, maximum: 10 }), 3),
    },
  },
  PromotionConfig: {
    fields: {
      environments: dflt(list(ref('EnvironmentConfig'), { minItems: 1 })),
      audit_backend: dflt(oneOf('oci', 's3', 'database'), 'oci'),
      default_timeout_seconds: dflt(int({ minimum: 30, maximum: 3600 }), 300),
      webhooks: maybe(list(ref('WebhookConfig'))),
      gate_commands: maybe(dict({ anyOf: [str(), ref('SecurityGateConfig')] })),
      signature_enforcement: dflt(oneOf('enforce', 'warn', 'off'), 'enforce'),
      secondary_registries: maybe(list(str())),
      verify_secondary_digests: dflt(bool, true),
    },
  },
  ArtifactsConfig: { fields: { registry: req(ref('RegistryConfig')), promotion: maybe(ref('PromotionConfig')) } },
  TracingManifestConfig: { fields: { enabled: dflt(bool, true), exporter: dflt(oneOf('otlp', 'console', 'none'), 'otlp'), endpoint: maybe(str()) } },
  LineageManifestConfig: { fields: { enabled: dflt(bool, true), transport: dflt(oneOf('http', 'console', 'noop'), 'http'), endpoint: maybe(str()) } },
  LoggingManifestConfig: { fields: { level: dflt(oneOf('DEBUG', 'INFO', 'WARNING', 'ERROR'), 'INFO'), format: dflt(oneOf('json', 'text'), 'json') } },
  ObservabilityManifestConfig: {
    fields: { tracing: dflt(ref('TracingManifestConfig')), lineage: dflt(ref('LineageManifestConfig')), logging: dflt(ref('LoggingManifestConfig')) },
  },
  ManifestResourceSpec: { fields: { cpu: req(str()), memory: req(str()) } },
  ManifestResourcePreset: { fields: { requests: req(ref('ManifestResourceSpec')), limits: req(ref('ManifestResourceSpec')) } },
};

const API_VERSION: Schema = { type: 'string', const: 'floe.dev/v1' };
const ROOT: Record<string, Field> = {
  // Required under either name (see the root's aliases below).
  apiVersion: dflt(API_VERSION),
  api_version: dflt(API_VERSION),
  kind: req({ type: 'string', const: 'Manifest' }),
  metadata: req(ref('ManifestMetadata')),
  scope: maybe(oneOf('enterprise', 'domain')),
  parent_manifest: maybe(str()),
  plugins: req(ref('PluginsConfig')),
  governance: maybe(ref('GovernanceConfig')),
  approved_plugins: maybe(dict(list(str()))),
  approved_sinks: maybe(list(str())),
  approved_products: maybe(list(str())),
  defaults: maybe(dict(str())),
  artifacts: maybe(ref('ArtifactsConfig')),
  observability: maybe(ref('ObservabilityManifestConfig')),
  resource_presets: maybe(dict(ref('ManifestResourcePreset'))),
};

function objectSchema(title: string, fields: Record<string, Field>, allowExtra = false): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [k, f] of Object.entries(fields)) {
    properties[k] = f.default === undefined ? f.s : { ...f.s, default: f.default };
    if (f.required) required.push(k);
  }
  return { type: 'object', title, properties, ...(required.length ? { required } : {}), additionalProperties: allowExtra };
}

// --- rules (validator programs, our own wording) ------------------------------------------------
const self = (f: string): IrExpr => ({ k: 'attr', obj: { k: 'var', name: 'self' }, name: f });
const v: IrExpr = { k: 'var', name: 'v' };
const lit = (x: string | number | boolean | null): IrExpr => ({ k: 'lit', v: x });
const cmp = (a: IrExpr, op: string, b: IrExpr): IrExpr => ({ k: 'cmp', ops: [op], items: [a, b] });
const and = (...items: IrExpr[]): IrExpr => ({ k: 'and', items });
const not = (x: IrExpr): IrExpr => ({ k: 'not', v: x });
const set = (...xs: string[]): IrExpr => ({ k: 'set', items: xs.map(lit) });
const tuple = (...xs: Array<string | null>): IrExpr => ({ k: 'tuple', items: xs.map(lit) });
const call = (fn: string, ...args: IrExpr[]): IrExpr => ({ k: 'call', fn, args });
const method = (obj: IrExpr, name: string, ...args: IrExpr[]): IrExpr => ({ k: 'method', obj, name, args });
const fstr = (...parts: Array<string | IrExpr>): IrExpr => ({ k: 'fstr', parts: parts.map((p) => (typeof p === 'string' ? p : { e: p })) });
const names = (x: IrExpr): IrExpr => method(lit(', '), 'join', call('sorted', x));
const raise = (...msg: Array<string | IrExpr>): IrStmt => ({ k: 'raise', msg: fstr(...msg), line: 0 });
const when = (test: IrExpr, ...body: IrStmt[]): IrStmt => ({ k: 'if', test, body, orelse: [] });
const assign = (name: string, value: IrExpr): IrStmt => ({ k: 'assign', name, value });
const local = (name: string): IrExpr => ({ k: 'var', name });

const ENV_KEYS = ['env_overrides', 'environments', 'environment', 'env', 'dev', 'staging', 'prod', 'production', 'target_env', 'floe_env'];
const PRIVATE_NET = '://(?:127\\.|192\\.168\\.|10\\.|172\\.(?:1[6-9]|2\\d|3[01])\\.|169\\.254\\.|::1|localhost)';

function check(className: string, name: string, fn: IrFunction): ValidatorCheck {
  return { className, name, file: 'built-in manifest model', line: -1, ir: fn };
}
const modelRule = (className: string, name: string, ...body: IrStmt[]) => check(className, name, { self: 'self', body });
const fieldRule = (className: string, name: string, ...body: IrStmt[]) => check(className, name, { value: 'v', body });

const CHECKS: Record<string, { model?: ValidatorCheck[]; fields?: Array<{ fields: string[]; check: ValidatorCheck }>; before?: ValidatorCheck }> = {
  '#': {
    model: [
      modelRule(
        'PlatformManifest',
        'scope rules',
        assign('now', { k: 'ifx', test: cmp(self('scope'), 'is', lit(null)), then: lit('scope is not set'), else: fstr('scope is "', self('scope'), '"') }),
        when(
          and(cmp(self('scope'), '!=', lit('domain')), cmp(self('parent_manifest'), 'is not', lit(null))),
          raise('parent_manifest is only allowed with scope "domain" (', local('now'), ')'),
        ),
        when(and(cmp(self('scope'), '==', lit('domain')), cmp(self('parent_manifest'), 'is', lit(null))), raise('scope "domain" needs a parent_manifest')),
        when(
          and(cmp(self('approved_plugins'), 'is not', lit(null)), cmp(self('scope'), '!=', lit('enterprise'))),
          raise('approved_plugins is only allowed with scope "enterprise" (', local('now'), ')'),
        ),
        when(
          and(cmp(self('approved_products'), 'is not', lit(null)), cmp(self('scope'), '!=', lit('domain'))),
          raise('approved_products is only allowed with scope "domain" (', local('now'), ')'),
        ),
        when(
          and(cmp(self('approved_sinks'), 'is not', lit(null)), cmp(self('scope'), '!=', lit('enterprise'))),
          raise('approved_sinks is only allowed with scope "enterprise" (', local('now'), ')'),
        ),
      ),
      modelRule(
        'PlatformManifest',
        'no environment keys',
        assign('found', { k: 'bin', op: '&', a: call('set', method(self('model_extra'), 'keys')), b: set(...ENV_KEYS) }),
        when(
          local('found'),
          raise(
            'environment-specific key(s) ',
            names(local('found')),
            ': floe rejects them (a manifest is environment-agnostic; FLOE_ENV picks the environment at run time)',
          ),
        ),
      ),
      modelRule(
        'PlatformManifest',
        'unknown keys',
        assign('unknown', {
          k: 'comp',
          kind: 'list',
          elt: local('k'),
          target: 'k',
          iter: method(self('model_extra'), 'keys'),
          conds: [cmp(local('k'), 'not in', set(...ENV_KEYS))],
        }),
        {
          k: 'if',
          test: local('unknown'),
          body: [
            {
              k: 'warn',
              msg: fstr('unknown top-level key(s) ', method(lit(', '), 'join', local('unknown')), ': floe warns and ignores them when it loads the manifest'),
              line: 0,
            },
          ],
          orelse: [],
        },
      ),
    ],
  },
  ManifestMetadata: {
    fields: [
      {
        fields: ['name'],
        check: fieldRule(
          'ManifestMetadata',
          'reserved names',
          when(cmp(method(v, 'lower'), 'in', set('default', 'system', 'floe', 'admin', 'root')), raise('"', v, '" is a reserved name')),
        ),
      },
    ],
  },
  PluginSelection: {
    fields: [{ fields: ['type'], check: fieldRule('PluginSelection', 'type not blank', when(not(method(v, 'strip')), raise('must not be blank'))) }],
  },
  NamingConfig: {
    model: [
      modelRule(
        'NamingConfig',
        'custom patterns',
        when(and(cmp(self('pattern'), '==', lit('custom')), not(self('custom_patterns'))), raise('pattern "custom" needs custom_patterns')),
      ),
    ],
  },
  PolicyOverride: {
    fields: [
      {
        fields: ['policy_types'],
        check: fieldRule(
          'PolicyOverride',
          'policy types',
          when(
            cmp(v, 'is not', lit(null)),
            assign('bad', {
              k: 'bin',
              op: '-',
              a: call('set', v),
              b: set('naming', 'coverage', 'documentation', 'semantic', 'custom', 'data_contract', 'rbac', 'secret_scanning', 'network_policy'),
            }),
            when(local('bad'), raise('unknown policy type(s): ', names(local('bad')))),
          ),
        ),
      },
    ],
  },
  RegistryAuth: {
    model: [
      modelRule(
        'RegistryAuth',
        'credentials',
        when(
          and(
            cmp(self('credentials_ref'), 'is not', lit(null)),
            cmp(self('type'), 'in', tuple('anonymous', 'aws-irsa', 'azure-managed-identity', 'gcp-workload-identity')),
          ),
          raise('credentials_ref is not used with auth type "', self('type'), '"'),
        ),
      ),
    ],
  },
  SigningConfig: {
    model: [
      modelRule(
        'SigningConfig',
        'signing mode',
        when(and(cmp(self('mode'), '==', lit('keyless')), not(self('oidc_issuer'))), raise('keyless signing needs oidc_issuer')),
        when(and(cmp(self('mode'), '==', lit('key-based')), not(self('private_key_ref'))), raise('key-based signing needs private_key_ref')),
        when(and(cmp(self('mode'), '==', lit('keyless')), self('private_key_ref')), raise('keyless signing does not use private_key_ref')),
      ),
    ],
  },
  TrustedIssuer: {
    model: [
      modelRule(
        'TrustedIssuer',
        'subject',
        when(and(not(self('subject')), not(self('subject_regex'))), raise('give subject or subject_regex')),
        when(and(self('subject'), self('subject_regex')), raise('give subject or subject_regex, not both')),
      ),
    ],
  },
  VerificationPolicy: {
    model: [
      modelRule(
        'VerificationPolicy',
        'trust',
        when(
          and(self('enabled'), not(self('trusted_issuers')), not(self('public_key_ref'))),
          raise('verification needs trusted_issuers or public_key_ref when enabled'),
        ),
      ),
    ],
  },
  EnvironmentConfig: {
    fields: [
      {
        fields: ['gates'],
        check: fieldRule(
          'EnvironmentConfig',
          'policy gate',
          when(cmp(method(v, 'get', lit('policy_compliance')), 'is', lit(false)), raise('the policy_compliance gate cannot be turned off')),
        ),
      },
    ],
  },
};

function endpointRule(className: string): { fields: ['endpoint']; check: ValidatorCheck } {
  return {
    fields: ['endpoint'],
    check: fieldRule(
      className,
      'endpoint',
      when(
        cmp(v, 'is not', lit(null)),
        when(not({ k: 'regex', op: 'match', pattern: '^https?://', arg: v }), raise('must start with http:// or https://')),
        when({ k: 'regex', op: 'search', pattern: PRIVATE_NET, arg: v }, raise('must not point at a private or local network address')),
      ),
    ),
  };
}
const allowed = (className: string, field: string, what: string, values: string[]) => ({
  fields: [field],
  check: fieldRule(
    className,
    what,
    assign('bad', { k: 'bin', op: '-', a: call('set', v), b: set(...values) }),
    when(local('bad'), raise(`unknown ${what}: `, names(local('bad')), `; known: ${[...values].sort().join(', ')}`)),
  ),
});
const add = (a: IrExpr, b: IrExpr): IrExpr => ({ k: 'bin', op: '+', a, b });
CHECKS.DimensionWeights = {
  model: [
    modelRule(
      'DimensionWeights',
      'weights add up to 1',
      assign(
        'total',
        ['accuracy', 'validity', 'consistency', 'timeliness'].reduce((acc, f) => add(acc, self(f)), self('completeness')),
      ),
      when(
        not({ k: 'call', fn: 'math.isclose', args: [local('total'), { k: 'float', v: 1 }], kw: { rel_tol: { k: 'float', v: 1e-9 } } }),
        raise('the weights add up to ', local('total'), ', not 1.0'),
      ),
    ),
  ],
};
CHECKS.WebhookConfig = { fields: [allowed('WebhookConfig', 'events', 'event(s)', ['promote', 'rollback', 'lock', 'unlock'])] };
CHECKS.SecurityGateConfig = {
  fields: [allowed('SecurityGateConfig', 'block_on_severity', 'severity level(s)', ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'])],
};
CHECKS.PromotionConfig = {
  fields: [
    {
      fields: ['environments'],
      check: fieldRule(
        'PromotionConfig',
        'unique environment names',
        assign('seen', { k: 'comp', kind: 'list', elt: { k: 'attr', obj: local('e'), name: 'name' }, target: 'e', iter: v, conds: [] }),
        assign('twice', {
          k: 'comp',
          kind: 'set',
          elt: local('n'),
          target: 'n',
          iter: local('seen'),
          conds: [cmp(method(local('seen'), 'count', local('n')), '>', lit(1))],
        }),
        when(local('twice'), raise('environment names must be unique; repeated: ', names(local('twice')))),
      ),
    },
  ],
};
CHECKS.TracingManifestConfig = { fields: [endpointRule('TracingManifestConfig')] };
CHECKS.LineageManifestConfig = { fields: [endpointRule('LineageManifestConfig')] };

/** The flat preset shape (cpu_request, memory_request, cpu_limit, memory_limit) read as requests/limits. */
const FLAT = ['cpu_request', 'memory_request', 'cpu_limit', 'memory_limit'];
const data = local('data');
const at = (k: string): IrExpr => ({ k: 'index', obj: data, index: lit(k) });
CHECKS.ManifestResourcePreset = {
  before: check('ManifestResourcePreset', 'flat preset shape', {
    data: 'data',
    body: [
      when(and(call('isinstance', data, lit('dict')), method(set(...FLAT), 'issubset', data)), {
        k: 'return',
        value: {
          k: 'dict',
          keys: [lit('requests'), lit('limits')],
          values: [
            { k: 'dict', keys: [lit('cpu'), lit('memory')], values: [at('cpu_request'), at('memory_request')] },
            { k: 'dict', keys: [lit('cpu'), lit('memory')], values: [at('cpu_limit'), at('memory_limit')] },
          ],
        },
        prov: { 'requests.cpu': ['cpu_request'], 'requests.memory': ['memory_request'], 'limits.cpu': ['cpu_limit'], 'limits.memory': ['memory_limit'] },
      }),
      { k: 'return', value: data },
    ],
  }),
};

let built: ManifestModel | undefined;

/** The built-in model (built once; never mutated). */
export function builtinManifestModel(): ManifestModel {
  if (built) return built;
  const defs: Record<string, Schema> = {};
  const models: Record<string, ModelMeta> = {};
  const meta = (className: string, key: string): ModelMeta => {
    const c = CHECKS[key] ?? {};
    const m: ModelMeta = { className, file: 'built-in manifest model', line: -1, fieldChecks: c.fields ?? [], modelChecks: c.model ?? [], unchecked: [] };
    if (key === '#') {
      m.extra = 'allow';
      m.aliases = { api_version: 'apiVersion' };
      m.populateByName = true;
      m.twinRequired = ['apiVersion'];
    } else m.extra = 'forbid';
    return m;
  };
  for (const [name, m] of Object.entries(MODELS)) {
    defs[name] = objectSchema(name, m.fields, m.allowExtra);
    models[name] = meta(name, name);
  }
  const root = objectSchema('PlatformManifest', ROOT, true);
  models['#'] = meta('PlatformManifest', '#');
  const preset = models.ManifestResourcePreset;
  const full = defs.ManifestResourcePreset;
  // Stripped for places the walker does not reach; the rewrite is checked against the full schema.
  defs.ManifestResourcePreset = { type: 'object', title: 'ManifestResourcePreset', properties: { requests: {}, limits: {} } };
  preset.before = { check: CHECKS.ManifestResourcePreset.before!, full };
  const schema = laxenSchema({ ...root, $defs: defs });
  laxenSchema(full);
  built = { schema, models, source: 'builtin', files: [], open: [] };
  return built;
}
