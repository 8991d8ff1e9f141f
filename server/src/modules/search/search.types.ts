// GraphQL types of `search`: the filter, sort, result page with highlights, and facets.
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { capped } from '../../core/list-caps';
import { Language } from '../../core/language';
import { PageInfo } from '../../core/relay/connection';
import { LocalDateScalar } from '../../core/scalars';
import { PracticeKind, TargetGroup } from '../practice-cases/practice-case.enums';
import { CaseView } from '../practice-cases/practice-case.view';

export enum SearchSort {
  RELEVANCE = 'RELEVANCE',
  PUBLISHED_AT_DESC = 'PUBLISHED_AT_DESC',
  PUBLISHED_AT_ASC = 'PUBLISHED_AT_ASC',
  STARTED_ON_DESC = 'STARTED_ON_DESC',
  STARTED_ON_ASC = 'STARTED_ON_ASC',
  DISTANCE = 'DISTANCE',
}
/** How facet counts treat the filter's own facets; see docs/search.md, "Facet counts". */
export enum SearchFacetMode {
  FILTERED = 'FILTERED',
  DISJUNCTIVE = 'DISJUNCTIVE',
}
registerEnumType(SearchFacetMode, {
  name: 'SearchFacetMode',
  description:
    'FILTERED (default): every facet counts the hits of the current query and filter. DISJUNCTIVE: each facet counts with every filter except its own, so after choosing a kind the other kinds keep their counts: a value counts the hits of the query, the filters of the other facets and that value. Values within one facet are OR-ed, so these are the choices that widen the result; facets without a filter are counted as in FILTERED.',
  valuesConfig: {
    FILTERED: { description: 'Counts within the current hits.' },
    DISJUNCTIVE: { description: "Each facet counted without its own filter; costs one more Meilisearch query per filtered facet, in the same request." },
  },
});

registerEnumType(SearchSort, {
  name: 'SearchSort',
  description: 'RELEVANCE (default); newest or oldest by publication or start date (cases without a start date last); DISTANCE needs filter.near.',
});

@InputType({ description: 'A circle: give latitude and longitude, or a municipality code (its seat is the centre).' })
export class GeoRadius {
  @Field(() => Float, { nullable: true }) latitude?: number | null;
  @Field(() => Float, { nullable: true }) longitude?: number | null;
  @Field(() => String, { nullable: true, description: 'Municipality code, e.g. "0884".' }) municipality?: string | null;
  @Field(() => Float, { description: 'Greater than 0, at most 2000.' }) radiusKm!: number;
}

@InputType({ description: 'Narrows a search: AND across fields, OR within one field.' })
export class SearchFilter {
  @Field(() => [String], { nullable: true, description: capped(50, 'Theme slugs; a parent matches its children too.') }) themes?: string[] | null;
  @Field(() => [PracticeKind], { nullable: true, description: capped(20) }) kinds?: PracticeKind[] | null;
  @Field(() => [TargetGroup], { nullable: true, description: capped(20) }) targetGroups?: TargetGroup[] | null;
  @Field(() => [String], { nullable: true, description: capped(21, 'County codes, e.g. "08".') }) counties?: string[] | null;
  @Field(() => [String], { nullable: true, description: capped(290, 'Municipality codes (owner or participant), e.g. "0884".') }) municipalities?: string[] | null;
  @Field(() => Language, { nullable: true, description: 'Language the case is written in.' }) language?: Language | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Started on or after this date.' }) startedFrom?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Started on or before this date.' }) startedTo?: string | null;
  @Field(() => GeoRadius, { nullable: true }) near?: GeoRadius | null;
  @Field(() => Boolean, { nullable: true, description: 'Only cases whose municipality offers study visits.' }) hostsStudyVisits?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: leave out cases due for "still running?" (PracticeCase.confirmationDue), judged at the time of the search.' })
  excludeDue?: boolean | null;
}

@ArgsType()
export class SearchArgs {
  @Field(() => String, { nullable: true, description: 'Words to look for (typos and missing accents are forgiven; "quotes" for a phrase); empty lists everything matching the filter. At most 500 characters.' })
  query?: string | null;

  @Field(() => SearchFilter, { nullable: true }) filter?: SearchFilter | null;
  @Field(() => SearchSort, { nullable: true }) sort?: SearchSort | null;
  @Field(() => Int, { nullable: true, description: '1..100, default 20.' }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => Language, { nullable: true, description: 'Language of facet labels; SV by default.' }) language?: Language | null;
  @Field(() => SearchFacetMode, { nullable: true, description: 'How facets are counted; FILTERED by default.' }) facetMode?: SearchFacetMode | null;
}

@ObjectType({ description: 'Title and summary as HTML: the text escaped, matched words in <mark>…</mark>; the summary is cropped around the matches.' })
export class SearchHighlights {
  @Field() title!: string;
  @Field() summary!: string;
}

@ObjectType('SearchEdge', { description: 'One hit: the case, its highlights and, with filter.near, its distance.' })
export class SearchEdge {
  @Field() cursor!: string;
  @Field(() => CaseView) node!: CaseView;
  @Field(() => SearchHighlights, { nullable: true }) highlights!: SearchHighlights | null;
  @Field(() => Float, { nullable: true, description: 'Kilometres from the centre of filter.near.' }) distanceKm!: number | null;
}

@ObjectType({ description: 'One value of a facet and how many hits have it.' })
export class SearchFacetValue {
  @Field({ description: 'Theme slug, enum value, county or municipality code, or language.' }) value!: string;
  @Field(() => String, { nullable: true, description: 'Human-readable name in the requested language, where there is one.' }) label!: string | null;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Counts per value, most frequent first: for the current query and filter, or with facetMode DISJUNCTIVE for a filtered facet without its own filter.' })
export class SearchFacets {
  @Field(() => [SearchFacetValue], { description: 'A case counts under its themes and their ancestors.' }) themes!: SearchFacetValue[];
  @Field(() => [SearchFacetValue]) kinds!: SearchFacetValue[];
  @Field(() => [SearchFacetValue]) targetGroups!: SearchFacetValue[];
  @Field(() => [SearchFacetValue]) counties!: SearchFacetValue[];
  @Field(() => [SearchFacetValue], { description: 'Owner and participating municipalities.' }) municipalities!: SearchFacetValue[];
  @Field(() => [SearchFacetValue]) languages!: SearchFacetValue[];
}

@ObjectType({ description: 'A page of search hits with the facet counts of the whole result.' })
export class SearchResult {
  @Field(() => Int, { description: 'Matches across all pages (at most the index maxTotalHits).' }) totalCount!: number;
  @Field(() => Int) processingTimeMs!: number;
  @Field(() => [SearchEdge]) edges!: SearchEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** Labelled and sorted when the request selects them; the counts come with every Meilisearch answer. */
  @Field(() => SearchFacets) facets!: SearchFacets | Promise<SearchFacets>;
}
