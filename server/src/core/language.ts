import { registerEnumType } from 'type-graphql';

export enum Language {
  SV = 'SV',
  EN = 'EN',
}
registerEnumType(Language, { name: 'Language', description: 'SV (Swedish) or EN (English).' });
