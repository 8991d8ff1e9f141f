// A deterministic generator of Swedish practice cases for the benchmarks. Case i is
// always the same case whatever the corpus size or load order (it has its own PRNG
// stream seeded from the corpus seed and i), so a 500-case corpus is a prefix of the
// 100 000-case one and two runs index byte-identical documents.
//
// The vocabulary is written for this generator from the everyday words of Swedish
// integration work — språkcafé, språkvän, IOP, SFI, samhällsorientering, praktik,
// läxhjälp — so that search sees realistic word frequencies, typos and synonyms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { LinkKind, PracticeKind, TargetGroup } from '../server/src/modules/practice-cases/practice-case.enums';
import { OrganizationKind } from '../server/src/modules/organizations/organization.entity';
import type { CreatePracticeCaseInput } from '../server/src/modules/practice-cases/practice-case.types';
import { slugify } from '../server/src/modules/practice-cases/practice-case.rules';

// ---------------------------------------------------------------------------
// PRNG

/** sfc32: small, fast, good enough statistically, and identical on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    const h = hashSeeds(seeds);
    [this.a, this.b, this.c, this.d] = h;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** k distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const z = (this.next() + this.next() + this.next() - 1.5) / 1.5;
    return Math.round(Math.max(min, Math.min(max, mean + z * spread)));
  }
}

function hashSeeds(seeds: number[]): [number, number, number, number] {
  // splitmix32 over the seed list: different (seed, i) pairs give unrelated streams.
  let h = 0x9e3779b9;
  const out: number[] = [];
  for (let k = 0; k < 4; k++) {
    for (const s of seeds) {
      h = Math.imul(h ^ (s >>> 0), 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
    h = (h + 0x6d2b79f5 + k) | 0;
    out.push(h >>> 0);
  }
  return out as [number, number, number, number];
}

// ---------------------------------------------------------------------------
// Reference data (the same CSV files the server imports)

export interface RefMunicipality {
  code: string;
  name: string;
  shortName: string;
  countyCode: string;
  countyName: string;
  seat: string;
}

export interface RefTheme {
  slug: string;
  parent: string | null;
  labelSv: string;
}

export interface ReferenceData {
  municipalities: RefMunicipality[];
  themes: RefTheme[];
  localities: Map<string, string[]>;
  counties: Map<string, { name: string; municipalities: RefMunicipality[] }>;
}

function referenceDir(): string {
  // bench/corpus.ts and dist/bench/corpus.js both sit next to a server/src/seed/data
  return join(__dirname, '..', 'server', 'src', 'seed', 'data');
}

let cachedRef: ReferenceData | undefined;

export function loadReferenceData(dir = referenceDir()): ReferenceData {
  if (cachedRef) return cachedRef;
  const rows = (file: string) => parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });
  const municipalities = rows('municipalities.csv').map((r) => ({
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    countyCode: r.county_code,
    countyName: r.county_name,
    seat: r.seat,
  }));
  const themes = rows('themes.csv').map((r) => ({ slug: r.slug, parent: r.parent || null, labelSv: r.label_sv }));
  const localities = new Map<string, string[]>();
  for (const r of rows('localities.csv')) {
    const list = localities.get(r.municipality_code) ?? [];
    list.push(r.locality);
    localities.set(r.municipality_code, list);
  }
  const counties = new Map<string, { name: string; municipalities: RefMunicipality[] }>();
  for (const m of municipalities) {
    const c = counties.get(m.countyCode) ?? { name: m.countyName, municipalities: [] };
    c.municipalities.push(m);
    counties.set(m.countyCode, c);
  }
  cachedRef = { municipalities, themes, localities, counties };
  return cachedRef;
}

// ---------------------------------------------------------------------------
// Organizations

export interface GeneratedOrganization {
  slug: string;
  name: string;
  kind: OrganizationKind;
  homeMunicipality: string | null;
  website: string | null;
}

const NATIONAL_ORGANIZATIONS: [string, OrganizationKind][] = [
  ['Arbetsförmedlingen', OrganizationKind.AGENCY],
  ['Migrationsverket', OrganizationKind.AGENCY],
  ['Försäkringskassan', OrganizationKind.AGENCY],
  ['Skatteverket', OrganizationKind.AGENCY],
  ['Folkbildningsrådet', OrganizationKind.AGENCY],
  ['Allmänna arvsfonden', OrganizationKind.AGENCY],
  ['Studieförbundet Vuxenskolan', OrganizationKind.CIVIL_SOCIETY],
  ['ABF', OrganizationKind.CIVIL_SOCIETY],
  ['Studiefrämjandet', OrganizationKind.CIVIL_SOCIETY],
  ['Folkuniversitetet', OrganizationKind.CIVIL_SOCIETY],
  ['Sensus studieförbund', OrganizationKind.CIVIL_SOCIETY],
  ['Ibn Rushd studieförbund', OrganizationKind.CIVIL_SOCIETY],
  ['Rädda Barnen', OrganizationKind.CIVIL_SOCIETY],
  ['Individuell Människohjälp', OrganizationKind.CIVIL_SOCIETY],
  ['Fryshuset', OrganizationKind.CIVIL_SOCIETY],
  ['Föreningen Kvinna till kvinna', OrganizationKind.CIVIL_SOCIETY],
  ['Internationella kvinnoföreningen', OrganizationKind.CIVIL_SOCIETY],
  ['Riksidrottsförbundet', OrganizationKind.CIVIL_SOCIETY],
  ['Svenska Kyrkan nationellt', OrganizationKind.FAITH_COMMUNITY],
  ['Sveriges muslimska förbund', OrganizationKind.FAITH_COMMUNITY],
  ['Equmeniakyrkan', OrganizationKind.FAITH_COMMUNITY],
  ['Linnéuniversitetet', OrganizationKind.UNIVERSITY],
  ['Göteborgs universitet', OrganizationKind.UNIVERSITY],
  ['Malmö universitet', OrganizationKind.UNIVERSITY],
  ['Umeå universitet', OrganizationKind.UNIVERSITY],
  ['Mittuniversitetet', OrganizationKind.UNIVERSITY],
  ['Högskolan Dalarna', OrganizationKind.UNIVERSITY],
  ['Karlstads universitet', OrganizationKind.UNIVERSITY],
  ['Högskolan i Gävle', OrganizationKind.UNIVERSITY],
  ['Linköpings universitet', OrganizationKind.UNIVERSITY],
  ['Samhall', OrganizationKind.BUSINESS],
  ['Coompanion', OrganizationKind.BUSINESS],
];

const LOCAL_ASSOCIATIONS: [string, OrganizationKind][] = [
  ['Röda Korset {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Svenska kyrkan i {m}', OrganizationKind.FAITH_COMMUNITY],
  ['IFK {m}', OrganizationKind.CIVIL_SOCIETY],
  ['{m} FF', OrganizationKind.CIVIL_SOCIETY],
  ['Hyresgästföreningen {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Folkets hus {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Somaliska föreningen i {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Syriska kulturföreningen {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Afghanska föreningen i {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Eritreanska föreningen {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Pingstkyrkan {m}', OrganizationKind.FAITH_COMMUNITY],
  ['Islamiska föreningen i {m}', OrganizationKind.FAITH_COMMUNITY],
  ['Lions Club {m}', OrganizationKind.CIVIL_SOCIETY],
  ['{m} Ridklubb', OrganizationKind.CIVIL_SOCIETY],
  ['Kvinnojouren {m}', OrganizationKind.CIVIL_SOCIETY],
  ['Equmenia {m}', OrganizationKind.FAITH_COMMUNITY],
  ['Arbetsmarknadsenheten {m}', OrganizationKind.MUNICIPAL_UNIT],
  ['{m} bibliotek', OrganizationKind.MUNICIPAL_UNIT],
  ['Vuxenutbildningen {m}', OrganizationKind.MUNICIPAL_UNIT],
  ['Fritidsgården {m}', OrganizationKind.MUNICIPAL_UNIT],
  ['ICA Kvantum {m}', OrganizationKind.BUSINESS],
  ['{m} Bostäder', OrganizationKind.BUSINESS],
  ['Företagarna {m}', OrganizationKind.BUSINESS],
];

function fold(s: string): string {
  return slugify(s, 80).replace(/-/g, '');
}

/** About three local partners per municipality, two per county, and the national ones. */
export function generateOrganizations(seed: number, ref = loadReferenceData()): GeneratedOrganization[] {
  const out: GeneratedOrganization[] = [];
  const seen = new Set<string>();
  const add = (name: string, kind: OrganizationKind, home: string | null, rng: Rng) => {
    let slug = slugify(name, 70);
    for (let n = 2; seen.has(slug); n++) slug = `${slugify(name, 66)}-${n}`;
    seen.add(slug);
    out.push({ slug, name, kind, homeMunicipality: home, website: rng.chance(0.6) ? `https://www.${fold(name).slice(0, 40)}.se` : null });
  };
  const rng = new Rng(seed, 0x0a9);
  for (const [name, kind] of NATIONAL_ORGANIZATIONS) add(name, kind, null, rng);
  for (const [code, county] of ref.counties) {
    const r = new Rng(seed, 0x0c0, Number(code));
    const short = county.name.replace(/ län$/, '').replace(/s$/, '');
    add(`Region ${short}`, OrganizationKind.REGION, null, r);
    add(`Länsstyrelsen i ${county.name}`, OrganizationKind.AGENCY, null, r);
  }
  for (const m of ref.municipalities) {
    const r = new Rng(seed, 0x0b0, Number(m.code));
    for (const [pattern, kind] of r.sample(LOCAL_ASSOCIATIONS, r.int(2, 4))) add(pattern.replace('{m}', m.shortName), kind, m.code, r);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Vocabulary

interface Concept {
  kind: PracticeKind;
  /** Title heads, e.g. "Språkcafé". */
  names: string[];
  themes: string[];
  groups: TargetGroup[];
  /** What the activity is, as a noun phrase: "samtal på lätt svenska". */
  activities: string[];
  venues: string[];
}

const CONCEPTS: Concept[] = [
  {
    kind: PracticeKind.MEETING_PLACE,
    names: ['Språkcafé', 'Mötesplats', 'Internationellt kvinnocafé', 'Öppen förskola för nyanlända', 'Träffpunkt', 'Stickcafé', 'Familjecentral', 'Kvällsöppen mötesplats', 'Vardagsrummet', 'Fika på lätt svenska'],
    themes: ['meeting-places', 'language', 'civil-society', 'volunteering', 'culture', 'parenting-and-family'],
    groups: [TargetGroup.NEWCOMERS, TargetGroup.RESIDENTS, TargetGroup.WOMEN, TargetGroup.CHILDREN_AND_FAMILIES, TargetGroup.ELDERLY],
    activities: ['samtal på lätt svenska', 'gemensam fika och språkträning', 'spel, handarbete och samtal', 'föreläsningar om vardagsliv i Sverige', 'matlagning från olika länder', 'rådgivning om myndighetskontakter'],
    venues: ['på biblioteket', 'i Folkets hus', 'i församlingshemmet', 'i medborgarhuset', 'på fritidsgården', 'i kulturhuset'],
  },
  {
    kind: PracticeKind.PARTNERSHIP,
    names: ['IOP om läxhjälp', 'Idéburet offentligt partnerskap för mottagande', 'IOP med föreningslivet', 'Partnerskap för ensamkommande', 'IOP om stödboende', 'Överenskommelse med civilsamhället', 'IOP för språkvänner', 'Partnerskap kring fritidsaktiviteter'],
    themes: ['iop', 'civil-society', 'collaboration', 'reception-and-settlement', 'volunteering', 'housing'],
    groups: [TargetGroup.NEWCOMERS, TargetGroup.UNACCOMPANIED_MINORS, TargetGroup.YOUTH, TargetGroup.CHILDREN_AND_FAMILIES],
    activities: ['läxhjälp och studiestöd', 'stöd i boendet för unga', 'volontärsamordning', 'fritidsverksamhet med föreningslivet', 'samhällsvägledning', 'feriearbete för unga'],
    venues: ['i föreningens lokaler', 'på skolan', 'i kommunens lokaler', 'i stadsdelen', 'på träffpunkten'],
  },
  {
    kind: PracticeKind.READING_PROJECT,
    names: ['Bokstart', 'Sagostund på flera språk', 'Läsombud', 'Läsfrämjande på modersmål', 'Boken kommer', 'Lässtafett', 'Bokcirkel på lätt svenska', 'Språkväskor'],
    themes: ['libraries-and-reading', 'culture', 'language', 'parenting-and-family', 'education'],
    groups: [TargetGroup.CHILDREN_AND_FAMILIES, TargetGroup.NEWCOMERS, TargetGroup.YOUTH, TargetGroup.ELDERLY],
    activities: ['högläsning för barn och föräldrar', 'bokprat på arabiska, dari och somaliska', 'lånekort och digital vägledning', 'läsning av lättlästa böcker', 'språkväskor med böcker på modersmål'],
    venues: ['på biblioteket', 'i bokbussen', 'på öppna förskolan', 'på BVC', 'på filialbiblioteket'],
  },
  {
    kind: PracticeKind.LANGUAGE_BUDDY,
    names: ['Språkvän', 'Flyktingguide', 'Språkvänner i vardagen', 'Kulturkompis', 'Fadderfamiljer', 'Språkpraktik med språkvän', 'Vän i kommunen'],
    themes: ['volunteering', 'language', 'civil-society', 'meeting-places'],
    groups: [TargetGroup.NEWCOMERS, TargetGroup.RESIDENTS, TargetGroup.WOMEN, TargetGroup.YOUTH],
    activities: ['matchning av nyanlända och etablerade invånare', 'promenader, fika och samtal', 'stöd i vardagliga ärenden', 'gemensamma aktiviteter en gång i veckan', 'introduktion till föreningslivet'],
    venues: ['i hela kommunen', 'på biblioteket', 'i samarbete med Röda Korset', 'på medborgarkontoret'],
  },
  {
    kind: PracticeKind.EMPLOYMENT_PROGRAMME,
    names: ['Jobbspår', 'Praktik i kommunen', 'Mentorskap för akademiker', 'Vägen till jobb', 'Extratjänster i välfärden', 'Snabbspår till vården', 'Arbetsmarknadsintroduktion', 'Validering av yrkeskunskaper', 'Branschpraktik', 'Kvinnor till arbete'],
    themes: ['work-and-employment', 'education', 'language', 'collaboration', 'volunteering'],
    groups: [TargetGroup.JOB_SEEKERS, TargetGroup.NEWCOMERS, TargetGroup.WOMEN, TargetGroup.YOUTH, TargetGroup.PROFESSIONALS],
    activities: ['praktik kombinerad med yrkessvenska', 'mentorskap med yrkesverksamma', 'validering och kompetenskartläggning', 'studiebesök på arbetsplatser', 'körkortsteori på lätt svenska', 'handledning på arbetsplatsen'],
    venues: ['inom äldreomsorgen', 'i kommunens förvaltningar', 'hos lokala företag', 'inom barnomsorgen', 'i industrin', 'inom kollektivtrafiken'],
  },
  {
    kind: PracticeKind.EDUCATION,
    names: ['SFI kombinerat med yrkesutbildning', 'Samhällsorientering på modersmål', 'Läxhjälp', 'Studiecirkel i svenska', 'Föräldrautbildning', 'Digital delaktighet', 'Studieverkstad', 'Sommarskola', 'Hälsoskola'],
    themes: ['education', 'language', 'parenting-and-family', 'democracy-and-participation', 'health', 'libraries-and-reading'],
    groups: [TargetGroup.NEWCOMERS, TargetGroup.CHILDREN_AND_FAMILIES, TargetGroup.YOUTH, TargetGroup.WOMEN, TargetGroup.UNACCOMPANIED_MINORS],
    activities: ['samhällsorientering i små grupper', 'läxhjälp med frivilliga studenter', 'studiecirklar i svenska', 'föräldraträffar om skolan i Sverige', 'digital vägledning för e-tjänster', 'hälsosamtal med hälsokommunikatörer'],
    venues: ['på vuxenutbildningen', 'på skolan', 'på biblioteket', 'i studieförbundets lokaler', 'på lärcentrum'],
  },
  {
    kind: PracticeKind.SPORTS_AND_LEISURE,
    names: ['Simskola för vuxna', 'Cykelskola för kvinnor', 'Fotboll för alla', 'Fritidsbank', 'Sommarlovsaktiviteter', 'Friluftsliv för nyanlända', 'Idrott utan gränser', 'Öppen hall'],
    themes: ['sports-and-leisure', 'health', 'civil-society', 'meeting-places', 'rural-areas'],
    groups: [TargetGroup.YOUTH, TargetGroup.WOMEN, TargetGroup.CHILDREN_AND_FAMILIES, TargetGroup.NEWCOMERS, TargetGroup.UNACCOMPANIED_MINORS],
    activities: ['simundervisning i mindre grupper', 'cykelträning på skolgården', 'spontanidrott på helger', 'utlåning av sport- och fritidsutrustning', 'vandringar och naturguidningar', 'prova-på-aktiviteter i föreningar'],
    venues: ['i simhallen', 'på idrottsplatsen', 'i sporthallen', 'i naturreservatet', 'på fritidsbanken'],
  },
  {
    kind: PracticeKind.CONFERENCE,
    names: ['Integrationsdag', 'Länsträff om etablering', 'Nätverksträff för samordnare', 'Konferens om mottagande', 'Dialogmöte med civilsamhället', 'Integrationsforum'],
    themes: ['collaboration', 'reception-and-settlement', 'civil-society', 'democracy-and-participation'],
    groups: [TargetGroup.PROFESSIONALS, TargetGroup.RESIDENTS],
    activities: ['erfarenhetsutbyte mellan kommuner', 'workshoppar om samverkan', 'föreläsningar om etableringsreformen', 'dialog mellan förvaltningar och föreningar'],
    venues: ['i kommunhuset', 'på länsstyrelsen', 'digitalt', 'på folkhögskolan'],
  },
  {
    kind: PracticeKind.STUDY,
    names: ['Kartläggning av', 'Utvärdering av', 'Följeforskning om', 'Uppföljning av', 'Behovsanalys om'],
    themes: ['collaboration', 'reception-and-settlement', 'work-and-employment', 'housing', 'anti-discrimination'],
    groups: [TargetGroup.PROFESSIONALS, TargetGroup.NEWCOMERS, TargetGroup.JOB_SEEKERS],
    activities: ['intervjuer med deltagare och handläggare', 'registerstudier av etableringen', 'enkäter till föreningar', 'fokusgrupper med nyanlända'],
    venues: ['i kommunen', 'i länet', 'i samverkan med högskolan'],
  },
  {
    kind: PracticeKind.OTHER,
    names: ['Hälsokommunikatörer', 'Boendeskola', 'Samhällsvägledning', 'Medborgarkontor', 'Tolkstöd i vardagen', 'Brobyggare i skolan', 'Landsbygdsintegration', 'Trygghetsvandringar'],
    themes: ['health', 'housing', 'reception-and-settlement', 'rural-areas', 'anti-discrimination', 'democracy-and-participation'],
    groups: [TargetGroup.NEWCOMERS, TargetGroup.RESIDENTS, TargetGroup.CHILDREN_AND_FAMILIES, TargetGroup.ELDERLY],
    activities: ['vägledning i kontakter med myndigheter', 'information om hyresavtal och boende', 'hälsoinformation på modersmål', 'brobyggare mellan skola och hem', 'trygghetsvandringar i bostadsområdet'],
    venues: ['på medborgarkontoret', 'i bostadsområdet', 'på vårdcentralen', 'på skolan', 'i byalaget'],
  },
];

const KIND_WEIGHTS: [Concept, number][] = CONCEPTS.map((c) => [c, ({ MEETING_PLACE: 20, PARTNERSHIP: 10, READING_PROJECT: 8, LANGUAGE_BUDDY: 12, EMPLOYMENT_PROGRAMME: 18, EDUCATION: 16, SPORTS_AND_LEISURE: 8, CONFERENCE: 3, STUDY: 2, OTHER: 6 } as Record<string, number>)[c.kind]]);

const GROUP_PHRASES: Record<TargetGroup, string> = {
  NEWCOMERS: 'nyanlända',
  UNACCOMPANIED_MINORS: 'ensamkommande unga',
  WOMEN: 'utrikes födda kvinnor',
  YOUTH: 'unga',
  CHILDREN_AND_FAMILIES: 'barnfamiljer',
  JOB_SEEKERS: 'arbetssökande',
  ELDERLY: 'äldre',
  RESIDENTS: 'alla invånare',
  PROFESSIONALS: 'medarbetare',
};

const STUDY_OBJECTS = ['etableringen för nyanlända', 'kommunens mottagande', 'språkvänsverksamheten', 'samverkan med civilsamhället', 'bosättningen av nyanlända', 'praktikplatser i kommunen', 'läxhjälpen'];
const LANGUAGES = ['arabiska', 'dari', 'tigrinja', 'somaliska', 'ukrainska', 'persiska', 'kurdiska', 'engelska', 'pashto', 'lätt svenska'];
const WEEKDAYS = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'];
const NEEDS = ['mötesplatser', 'språkträning utanför SFI', 'praktikplatser', 'stöd till föräldrar', 'kontakt med föreningslivet', 'läxhjälp', 'vägledning i samhället', 'bostäder', 'meningsfull fritid'];
const GOALS = ['nyanlända snabbare ska lära sig svenska', 'fler ska komma i arbete eller studier', 'barn och unga ska klara skolan', 'fler kvinnor ska delta i arbetslivet', 'nyanlända ska få ett nätverk i kommunen', 'föreningslivet ska bli mer tillgängligt', 'fler ska känna sig delaktiga i samhället', 'mottagandet ska bli mer samordnat'];
const PROBLEMS = ['många deltagare saknade någon att prata svenska med', 'SFI-eleverna hade få tillfällen att använda språket', 'föräldrar hade svårt att förstå skolans system', 'unga utan nätverk hamnade utanför', 'kvinnor med småbarn inte nådde ut till arbetsmarknaden', 'föreningarna ville ta emot nya medlemmar men visste inte hur', 'det var långt till service på landsbygden'];
const FINDINGS = ['det största hindret var brist på kontakt med etablerade svenskar', 'deltagarna efterfrågade mer praktisk svenska', 'många hade utbildning som inte tillvaratogs', 'barnomsorg under aktiviteterna var en förutsättning', 'information på modersmål gjorde stor skillnad'];
const LESSONS = [
  'Börja i liten skala och låt deltagarna vara med och forma innehållet.',
  'Ha en fast kontaktperson i kommunen; volontärerna behöver stöd och uppskattning.',
  'Se till att lokalen är lätt att hitta och öppen på kvällar och helger.',
  'Barnpassning under träffarna var avgörande för att fler kvinnor skulle kunna delta.',
  'Formalisera samverkan med Arbetsförmedlingen tidigt, annars faller ansvaret mellan stolarna.',
  'Ett IOP-avtal gav föreningen långsiktighet och oss en tydlig uppföljning.',
  'Avsätt tid för introduktion av nya volontärer och för regelbundna träffar.',
  'Använd deltagarnas egna nätverk för att sprida information, det når längre än broschyrer.',
  'Mät tidigt vad ni vill följa upp, det är svårt att rekonstruera i efterhand.',
  'Samordna med SFI och samhällsorienteringen så att deltagarna kan kombinera insatserna.',
  'Räkna med att det tar ett år innan verksamheten hittar sin form.',
  'Låt deltagarna bli ledare själva, flera av våra bästa samordnare var tidigare deltagare.',
];
const ROLES = ['huvudman', 'medarrangör', 'finansiär', 'samverkanspart', 'volontärsamordning', 'projektägare', 'lokalvärd', 'utvärderare', 'referensgrupp'];
const FUNDERS = ['Länsstyrelsen (§ 37a-medel)', 'Allmänna arvsfonden', 'Kommunens integrationsmedel', 'ESF+', 'Region (folkhälsomedel)', 'Kulturrådet', 'Folkbildningsrådet', 'Egen budget'];
const FIRST_NAMES = ['Anna', 'Maria', 'Erik', 'Lars', 'Karin', 'Sara', 'Ahmed', 'Fatima', 'Johan', 'Emma', 'Mohammed', 'Leila', 'Per', 'Eva', 'Hassan', 'Amina', 'Oskar', 'Linnea', 'Yusuf', 'Ida', 'Mikael', 'Nadia', 'Olga', 'Björn', 'Samira'];
const LAST_NAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Ali', 'Hassan', 'Mohamed', 'Lindberg', 'Holm', 'Berg', 'Ahmadi', 'Sandberg', 'Lundqvist', 'Haddad', 'Bergström', 'Yilmaz'];
const CONTACT_ROLES = ['Integrationssamordnare', 'Verksamhetsledare', 'Bibliotekarie', 'Projektledare', 'Enhetschef arbetsmarknad', 'Utvecklingsledare', 'Föreningskonsulent', 'Studie- och yrkesvägledare'];
const OUTCOMES: [string, string, number, number][] = [
  ['deltagare per tillfälle', 'personer', 8, 60],
  ['deltagare totalt', 'personer', 20, 600],
  ['i arbete eller studier efter avslutad insats', 'personer', 3, 80],
  ['aktiva volontärer', 'personer', 3, 120],
  ['matchade språkvänspar', 'par', 5, 200],
  ['utlånade böcker på modersmål', 'lån', 100, 5000],
  ['genomförda träffar', 'träffar', 10, 150],
  ['nöjda deltagare i enkäten', 'procent', 60, 98],
];

interface Slots {
  muni: string;
  seat: string;
  county: string;
  org: string;
  concept: Concept;
  name: string;
  activity: string;
  venue: string;
  group: string;
}

const BACKGROUND: ((s: Slots, r: Rng) => string)[] = [
  (s, r) => `${s.muni} tog emot många nyanlända under ${r.int(2014, 2023)} och behovet av ${r.pick(NEEDS)} blev snabbt tydligt.`,
  (s, r) => `Idén kom från ${s.org} som såg att ${r.pick(PROBLEMS)}.`,
  (s, r) => `Många ${s.group} saknade ${r.pick(NEEDS)}, vilket gjorde det svårt att bygga ett liv i ${s.seat}.`,
  (s, r) => `En kartläggning som gjordes tillsammans med ${s.org} visade att ${r.pick(FINDINGS)}.`,
  (s) => `I ${s.seat} finns sedan länge ett aktivt föreningsliv, men få nyanlända hittade dit på egen hand.`,
  (s, r) => `Kommunens integrationsstrategi pekar ut ${r.pick(NEEDS)} som ett av de viktigaste utvecklingsområdena.`,
  (s) => `Flera kommuner i ${s.county} hade liknande erfarenheter och vi bestämde oss för att pröva något nytt.`,
  (_s, r) => `Frågan lyftes först i ett dialogmöte där ${r.pick(PROBLEMS)}.`,
];
const PURPOSE: ((s: Slots, r: Rng) => string)[] = [
  (_s, r) => `Målet är att ${r.pick(GOALS)}.`,
  (s) => `Syftet är att skapa en plats där ${s.group} och etablerade invånare kan mötas på lika villkor.`,
  (_s, r) => `Vi vill att ${r.pick(GOALS)}, och att det ska gå att mäta.`,
  (s) => `${s.name} ska vara ett komplement till SFI och samhällsorienteringen, inte en ersättning.`,
  (_s, r) => `På längre sikt hoppas vi att ${r.pick(GOALS)}.`,
];
const METHOD: ((s: Slots, r: Rng) => string)[] = [
  (s, r) => `Varje ${r.pick(WEEKDAYS)} klockan ${r.int(9, 18)} träffas deltagarna ${s.venue} för ${s.activity}.`,
  (_s, r) => `Verksamheten leds av ${r.int(3, 40)} volontärer och en samordnare på ${r.pick([25, 40, 50, 75, 100])} procent.`,
  () => 'Deltagarna delas in i mindre grupper efter språknivå, så att alla kommer till tals.',
  () => 'Vi samarbetar med SFI så att eleverna kan använda det de lär sig i klassrummet.',
  (_s, r) => `Informationen finns på ${r.pick(LANGUAGES)}, ${r.pick(LANGUAGES)} och lätt svenska.`,
  () => 'Under sommaren flyttar verksamheten utomhus och kombineras med friluftsliv.',
  (_s, r) => `Läxhjälpen är öppen för alla elever i årskurs ${r.int(4, 7)}–9 och på gymnasiet.`,
  () => 'Mentorerna matchas med deltagare utifrån yrkesbakgrund, intressen och bostadsort.',
  () => 'Praktikplatserna finns i kommunens förvaltningar, i äldreomsorgen och hos lokala företag.',
  (s) => `Ett IOP-avtal med ${s.org} reglerar ansvar, ekonomi och uppföljning.`,
  (_s, r) => `Biblioteket erbjuder böcker på ${r.int(6, 40)} språk och hjälp med digitala tjänster.`,
  (s) => `${s.org} ansvarar för rekrytering och introduktion av volontärer.`,
  () => 'Barnpassning ordnas under träffarna så att föräldrar kan delta.',
  (s) => `Deltagare som bor utanför ${s.seat} erbjuds resor med närtrafiken.`,
  (_s, r) => `Vi använder tolk vid behov, oftast på ${r.pick(LANGUAGES)}.`,
  (s) => `Arbetet följs upp varje termin tillsammans med ${s.org} och deltagarna själva.`,
  () => 'Samhällsvägledarna hjälper till med blanketter, bostadsfrågor och kontakter med myndigheter.',
  () => 'Hälsokommunikatörerna håller samtal om vård, tandvård och psykisk hälsa.',
  (_s, r) => `Träffarna har ett tema varje gång, till exempel ${r.pick(['arbetsmarknaden', 'skolan', 'demokrati', 'hälsa', 'bostad', 'föreningsliv', 'svenska traditioner', 'ekonomi'])}.`,
];
const RESULTS: ((s: Slots, r: Rng) => string)[] = [
  (_s, r) => `Under ${r.int(2018, 2025)} deltog i genomsnitt ${r.int(8, 60)} personer per tillfälle.`,
  (_s, r) => `${r.int(5, 90)} deltagare har gått vidare till arbete eller studier.`,
  () => 'Uppföljningen visar att deltagarna känner sig tryggare att tala svenska i vardagen.',
  (_s, r) => `Utvärderingen gjordes av ${r.pick(['Linnéuniversitetet', 'Mittuniversitetet', 'Högskolan Dalarna', 'Malmö universitet', 'Umeå universitet', 'en extern utvärderare'])}.`,
  () => 'Flera deltagare har själva blivit volontärer eller ledare i föreningar.',
  (_s, r) => `Andelen kvinnor bland deltagarna ökade från ${r.int(10, 35)} till ${r.int(40, 70)} procent.`,
  () => 'Föreningarna rapporterar fler nya medlemmar med utländsk bakgrund.',
  (s) => `Verksamheten har spridits till fler orter i ${s.county}.`,
];
const SECTION_TITLES = { background: ['Bakgrund', 'Varför vi började'], purpose: ['Syfte och mål', 'Mål'], method: ['Så gjorde vi', 'Genomförande', 'Så fungerar det'], results: ['Resultat', 'Vad det gav'], lessons: ['Lärdomar', 'Tips till andra kommuner'], organisation: ['Organisation och finansiering'] };

function paragraph(r: Rng, pool: ((s: Slots, r: Rng) => string)[], s: Slots, min: number, max: number): string {
  // distinct templates: a sentence repeated within one paragraph reads as generated
  return r.sample(pool, r.int(min, max)).map((sentence) => sentence(s, r)).join(' ');
}

// ---------------------------------------------------------------------------
// Cases

export type FinalStatus = 'PUBLISHED' | 'ARCHIVED' | 'IN_REVIEW' | 'DRAFT';

export interface GeneratedCase {
  index: number;
  input: CreatePracticeCaseInput;
  status: FinalStatus;
  /** Index of an earlier (published) case this one adapts, if any. */
  adaptedFromIndex: number | null;
}

/** Status of case i, computable without generating the case (adaptations need it). */
export function finalStatusOf(seed: number, index: number): FinalStatus {
  const r = new Rng(seed, 0x57a7, index);
  return r.weighted<FinalStatus>([['PUBLISHED', 88], ['ARCHIVED', 4], ['IN_REVIEW', 4], ['DRAFT', 4]]);
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))}…`;
}

export interface CorpusContext {
  seed: number;
  ref: ReferenceData;
  organizations: GeneratedOrganization[];
  /** Organizations by home municipality; national and county ones under "". */
  orgsByHome: Map<string, GeneratedOrganization[]>;
}

export function corpusContext(seed: number, ref = loadReferenceData(), organizations = generateOrganizations(seed, ref)): CorpusContext {
  const orgsByHome = new Map<string, GeneratedOrganization[]>();
  for (const o of organizations) {
    const key = o.homeMunicipality ?? '';
    orgsByHome.set(key, [...(orgsByHome.get(key) ?? []), o]);
  }
  return { seed, ref, organizations, orgsByHome };
}

/**
 * Case i. Every municipality owns cases: the first 290 cases go round the whole list,
 * later ones are drawn with a bias towards the larger (earlier listed per county)
 * municipalities, as in real life where a few cities publish most.
 */
export function generateCase(cx: CorpusContext, index: number): GeneratedCase {
  const { ref } = cx;
  const r = new Rng(cx.seed, 0xca5e, index);
  const munis = ref.municipalities;
  const owner = index < munis.length ? munis[index] : r.chance(0.35) ? munis[r.int(0, Math.min(40, munis.length - 1))] : r.pick(munis);
  const county = ref.counties.get(owner.countyCode)!;
  const concept = r.weighted(KIND_WEIGHTS);
  const local = cx.orgsByHome.get(owner.code) ?? [];
  const wide = cx.orgsByHome.get('') ?? [];
  const partnerOrgs = r.sample([...local, ...local, ...r.sample(wide, 6)], r.weighted([[0, 15], [1, 35], [2, 30], [3, 15], [4, 5]]));
  const uniquePartners = [...new Map(partnerOrgs.map((o) => [o.slug, o])).values()];
  const leadOrg = uniquePartners[0]?.name ?? r.pick([`${owner.shortName} kommun`, 'Röda Korset', 'Studieförbundet Vuxenskolan', 'ABF', 'Svenska kyrkan']);
  const groups = r.sample(concept.groups, r.int(1, Math.min(3, concept.groups.length)));
  const name = r.pick(concept.names);
  const s: Slots = {
    muni: owner.name,
    seat: owner.seat,
    county: county.name,
    org: leadOrg,
    concept,
    name,
    activity: r.pick(concept.activities),
    venue: r.pick(concept.venues),
    group: GROUP_PHRASES[groups[0]],
  };

  const titleHead = concept.kind === PracticeKind.STUDY ? `${name} ${r.pick(STUDY_OBJECTS)}` : name;
  const title = clip(
    r.weighted<string>([
      [`${titleHead} ${s.venue} i ${owner.shortName}`, 3],
      [`${titleHead} i ${owner.shortName}`, 3],
      [`${titleHead} för ${s.group} i ${owner.shortName}`, 3],
      [`${titleHead} – ${s.activity} ${s.venue}`, 2],
      [`${titleHead}: ${s.activity} för ${s.group}`, 2],
      [`${titleHead} ${r.int(2016, 2025)}`, 1],
    ]),
    200,
  );
  const first = title.charAt(0).toUpperCase() + title.slice(1);

  const summary = clip(
    [
      `${name} ${s.venue} i ${owner.shortName} med ${s.activity} för ${s.group}.`,
      paragraph(r, PURPOSE, s, 1, 1),
      r.chance(0.6) ? `Verksamheten drivs tillsammans med ${leadOrg}.` : '',
      r.chance(0.5) ? paragraph(r, RESULTS, s, 1, 1) : '',
    ]
      .filter(Boolean)
      .join(' '),
    500,
  );

  const sections: string[] = [];
  const section = (titles: string[], body: string) => sections.push(`## ${r.pick(titles)}\n\n${body}`);
  const paragraphs = (pool: ((s: Slots, r: Rng) => string)[], min: number, max: number, pmin = 2, pmax = 5) =>
    Array.from({ length: r.int(min, max) }, () => paragraph(r, pool, s, pmin, pmax)).join('\n\n');
  // A long tail: most cases are a page or two, a few are full reports.
  const scale = r.weighted([[1, 70], [2, 22], [4, 7], [10, 1]]);
  section(SECTION_TITLES.background, paragraphs(BACKGROUND, 1, 2 * scale));
  section(SECTION_TITLES.purpose, paragraphs(PURPOSE, 1, 1, 1, 3));
  section(SECTION_TITLES.method, paragraphs(METHOD, 2, 3 * scale, 3, 6));
  if (r.chance(0.5)) {
    section(SECTION_TITLES.organisation, `${leadOrg} är ${r.pick(ROLES)}. Finansieringen kommer från ${r.pick(FUNDERS).toLowerCase()} och ${r.pick(FUNDERS).toLowerCase()}.`);
  }
  section(SECTION_TITLES.results, paragraphs(RESULTS, 1, 2 * scale));
  section(SECTION_TITLES.lessons, r.sample(LESSONS, r.int(2, 5)).map((l) => `- ${l}`).join('\n'));
  const body = sections.join('\n\n');

  const themeList = [concept.themes[0], ...r.sample(concept.themes, r.int(0, 3))];
  if (r.chance(0.08)) themeList.push('rural-areas');
  if (uniquePartners.length > 1 && r.chance(0.3)) themeList.push('collaboration');
  const themes = [...new Set(themeList)].slice(0, 5);

  const others = county.municipalities.filter((m) => m.code !== owner.code);
  const participants = r.chance(0.2) ? r.sample(others, r.int(1, 3)).map((m) => m.code) : [];
  const localityNames = ref.localities.get(owner.code) ?? [];
  const places = r.chance(0.75) ? r.sample(localityNames, r.int(1, 3)) : r.chance(0.5) ? [`${owner.seat} centrum`] : [];

  const startYear = r.int(2012, 2025);
  const startedOn = r.chance(0.85) ? `${startYear}-${String(r.int(1, 12)).padStart(2, '0')}-01` : null;
  const endedOn = startedOn && r.chance(0.3) ? `${Math.min(2026, startYear + r.int(1, 4))}-06-30` : null;

  const domain = `${fold(owner.shortName)}.se`;
  const contactCount = r.weighted([[0, 10], [1, 60], [2, 25], [3, 5]]);
  const contacts = Array.from({ length: contactCount }, () => {
    const fn = r.pick(FIRST_NAMES);
    const ln = r.pick(LAST_NAMES);
    return {
      name: `${fn} ${ln}`,
      role: r.pick(CONTACT_ROLES),
      email: `${fold(fn)}.${fold(ln)}@${domain}`,
      phone: r.chance(0.7) ? `0${r.int(10, 980)}-${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}` : null,
    };
  });

  const status = finalStatusOf(cx.seed, index);
  let adaptedFromIndex: number | null = null;
  if (index > 50 && r.chance(0.06)) {
    for (let tries = 0; tries < 5 && adaptedFromIndex === null; tries++) {
      const j = r.int(0, index - 1);
      if (finalStatusOf(cx.seed, j) === 'PUBLISHED') adaptedFromIndex = j;
    }
  }

  const input: CreatePracticeCaseInput = {
    title: first,
    summary,
    body,
    kind: concept.kind,
    municipality: owner.code,
    themes,
    language: (r.chance(0.04) ? 'EN' : 'SV') as CreatePracticeCaseInput['language'],
    participatingMunicipalities: participants,
    partners: uniquePartners.map((o) => ({ organization: o.slug, role: r.pick(ROLES) })),
    targetGroups: groups,
    places,
    startedOn,
    endedOn,
    outcomes: r.sample(OUTCOMES, r.int(0, 3)).map(([label, unit, min, max]) => ({ label, unit, value: r.int(min, max), measuredOn: `${r.int(2019, 2025)}-${String(r.int(1, 12)).padStart(2, '0')}` })),
    funding: r.sample(FUNDERS, r.int(0, 2)).map((source) => ({ source, amountSek: r.chance(0.7) ? r.int(2, 200) * 10_000 : null })),
    links: r.chance(0.6)
      ? [{ url: `https://www.${domain}/integration/${slugify(name, 40)}`, kind: LinkKind.WEBSITE, title: `${name} på kommunens webbplats` }, ...(r.chance(0.2) ? [{ url: `https://www.${domain}/rapporter/${index}.pdf`, kind: LinkKind.REPORT, title: 'Utvärdering' }] : [])]
      : [],
    contacts,
    adaptationNote: adaptedFromIndex !== null ? `Vi utgick från modellen men anpassade den till ${r.pick(['en mindre kommun', 'landsbygdens förutsättningar', 'våra lokaler', 'fler språkgrupper', 'ungdomar'])}.` : null,
  };
  return { index, input, status, adaptedFromIndex };
}

/** Words that occur in the corpus, for queries that find something. */
export const QUERY_WORDS = [
  'språkcafé', 'språkvän', 'flyktingguide', 'mötesplats', 'läxhjälp', 'samhällsorientering', 'praktik', 'mentorskap', 'bibliotek', 'IOP',
  'föreningsliv', 'SFI', 'cykelskola', 'simskola', 'sagostund', 'hälsokommunikatörer', 'validering', 'äldreomsorgen', 'volontärer', 'barnpassning',
  'kvinnocafé', 'bokstart', 'fritidsbank', 'extratjänster', 'ensamkommande', 'arbetsmarknad', 'modersmål', 'samhällsvägledning', 'boendeskola', 'brobyggare',
];
