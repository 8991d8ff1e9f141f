import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { capped } from '../../core/list-caps';

@ObjectType({ description: 'A WGS84 position.' })
export class GeoPoint {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field({ description: 'True when the position is only approximate (about 1 km).' })
  approximate!: boolean;
}

@InputType({ description: 'Which municipalities to list.' })
export class MunicipalityFilter {
  @Field(() => [String], { nullable: true, description: capped(21, 'County codes, e.g. ["08"].') })
  counties?: string[];

  @Field({ nullable: true, description: 'Case- and accent-insensitive match on name, short name or seat.' })
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only municipalities whose hosting offer says they host study visits; false: only the others.' })
  hostsStudyVisits?: boolean | null;
}

@ArgsType()
export class MunicipalitiesArgs {
  @Field(() => MunicipalityFilter, { nullable: true })
  filter?: MunicipalityFilter;

  @Field(() => Int, { nullable: true })
  first?: number;

  @Field({ nullable: true })
  after?: string;
}

@ArgsType()
export class LocalitiesArgs {
  @Field({ description: 'The start of the name, case-insensitive; at most 100 characters. Empty lists the municipality\'s localities.' })
  search!: string;

  @Field(() => String, { nullable: true, description: 'A municipality code: only its localities when search is empty, listed first otherwise.' })
  municipality?: string | null;

  @Field(() => Int, { nullable: true, description: '1..100, default 20.' })
  first?: number | null;
}

@ObjectType('Locality', { description: 'A named place (tätort or smaller) from the locality list that place names of cases are resolved against.' })
export class LocalityView {
  @Field({ description: 'The name as the locality list spells it, e.g. "Storebro".' })
  name!: string;

  @Field({ description: 'Code of the municipality the place lies in.' })
  municipalityCode!: string;
}
