// Plain scalars read the way PyYAML's safe_load (YAML 1.1, what floe loads manifests with) reads
// them, not as YAML 1.2: `yes`/`no`/`on`/`off` are booleans, `010` is octal, `1_000` and `1:30`
// (base 60) are ints, `1e3` (no dot) stays a string, `0o17` is a string. Dates stay strings here
// (PyYAML makes date objects of them).
import type { CollectionTag, ScalarTag, Tags } from 'yaml';

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** PyYAML's int constructor. */
export function pyYamlInt(text: string): number {
  let s = text.replace(/_/g, '');
  let sign = 1;
  if (s[0] === '-') sign = -1;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s === '0') return 0;
  if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16);
  if (s[0] === '0') return sign * parseInt(s, 8);
  if (s.includes(':')) return sign * sexagesimal(s);
  return sign * Number(s);
}

/** PyYAML's float constructor. */
export function pyYamlFloat(text: string): number {
  let s = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s[0] === '-') sign = -1;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  if (s.includes(':')) {
    const [whole, frac] = s.split('.');
    return sign * (sexagesimal(whole) + Number(`0.${frac || '0'}`));
  }
  return sign * Number(s);
}

const boolTag: ScalarTag = {
  identify: (v) => typeof v === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: BOOL,
  resolve: (s) => /^(?:yes|true|on)$/i.test(s),
};
const intTag: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: INT,
  resolve: (s) => pyYamlInt(s),
};
const floatTag: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: FLOAT,
  resolve: (s) => pyYamlFloat(s),
};
const nullTag: ScalarTag = {
  identify: (v) => v === null || v === undefined,
  default: true,
  tag: 'tag:yaml.org,2002:null',
  test: NULL,
  resolve: () => null,
};

/** The core schema's collections and strings, with PyYAML's scalar rules. */
export function pyYamlTags(tags: Tags): Tags {
  const kept = tags.filter(
    (t): t is ScalarTag | CollectionTag => typeof t === 'object' && (('collection' in t && !!t.collection) || t.tag === 'tag:yaml.org,2002:str'),
  );
  return [...kept, nullTag, boolTag, intTag, floatTag];
}
