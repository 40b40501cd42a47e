/**
 * A minimal JSON Schema check for tests: the subset of draft 2020-12 the managed config's
 * schema uses, so a test can ask whether an editor would accept a file. A keyword it does not
 * know throws, so the schema cannot start using one that this check silently skips.
 */
type Schema = Record<string, unknown>;

// Keywords that only describe; they never change a verdict.
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: isObject,
  null: (v) => v === null,
};

/** The paths where `value` breaks `schema` ([] when it passes). */
export function jsonSchemaErrors(schema: Schema, value: unknown, at = '$'): string[] {
  const errors: string[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    const fails = check(keyword, arg, schema, value, at, errors);
    if (fails) errors.push(`${at}: ${keyword}`);
  }
  return errors;
}

function check(
  keyword: string,
  arg: unknown,
  schema: Schema,
  value: unknown,
  at: string,
  errors: string[],
): boolean {
  const str = typeof value === 'string' ? [...value].length : null;
  const num = typeof value === 'number' ? value : null;
  switch (keyword) {
    case 'type': {
      const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
      return !types.some((t) => {
        const test = TYPES[t];
        if (!test) throw new Error(`test-json-schema: unknown type ${t}`);
        return test(value);
      });
    }
    case 'enum':
      return !(arg as unknown[]).some((option) => JSON.stringify(option) === JSON.stringify(value));
    case 'minimum':
      return num !== null && num < (arg as number);
    case 'maximum':
      return num !== null && num > (arg as number);
    case 'minLength':
      return str !== null && str < (arg as number);
    case 'maxLength':
      return str !== null && str > (arg as number);
    case 'pattern':
      return typeof value === 'string' && !new RegExp(arg as string, 'u').test(value);
    case 'minItems':
      return Array.isArray(value) && value.length < (arg as number);
    case 'maxItems':
      return Array.isArray(value) && value.length > (arg as number);
    case 'items':
      if (Array.isArray(value)) {
        value.forEach((item, i) =>
          errors.push(...jsonSchemaErrors(arg as Schema, item, `${at}[${i}]`)),
        );
      }
      return false;
    case 'properties':
      if (isObject(value)) {
        for (const [name, sub] of Object.entries(arg as Record<string, Schema>)) {
          const v = (value as Record<string, unknown>)[name];
          if (v !== undefined) errors.push(...jsonSchemaErrors(sub, v, `${at}.${name}`));
        }
      }
      return false;
    case 'additionalProperties': {
      if (!isObject(value)) return false;
      const known = new Set(Object.keys((schema.properties as object | undefined) ?? {}));
      const extra = Object.keys(value as object).filter((k) => !known.has(k));
      if (arg === false) return extra.length > 0;
      for (const name of extra) {
        errors.push(
          ...jsonSchemaErrors(
            arg as Schema,
            (value as Record<string, unknown>)[name],
            `${at}.${name}`,
          ),
        );
      }
      return false;
    }
    case 'required':
      return isObject(value) && (arg as string[]).some((name) => !(name in (value as object)));
    default:
      throw new Error(`test-json-schema: keyword ${keyword} is not handled`);
  }
}
