// `Date`: a calendar date as an ISO string ("2019-10-29"). Kept as a string end to
// end so no time zone can shift it by a day.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** "2019-10" or a real calendar date: what an outcome's measuredOn may be. */
export function isIsoMonthOrDate(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value) || isIsoDate(value);
}

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new GraphQLError('Date must be an ISO calendar date like "2019-10-29"', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, ISO 8601 "YYYY-MM-DD".',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string like "2019-10-29"', { extensions: { code: 'BAD_USER_INPUT' } });
    return parse(ast.value);
  },
});
