// Demo content: practice cases, partners, a completed study visit and a hosting offer,
// written for Utbyte from the facts of five local news articles and blog posts
// (Vimmerby, Eksjö/Mariannelund, Hultsfred/Virserum and Eskilstuna, 2016–2019). The
// wording is ours; names, numbers, places and dates are theirs. Where a source gave no
// exact day, the demo picks one and says so in a comment.
import { Language } from '../core/language';
import { OrganizationKind } from '../modules/organizations/organization.entity';
import { LinkKind, PracticeKind, TargetGroup } from '../modules/practice-cases/practice-case.enums';
import { StudyVisitFormat } from '../modules/study-visits/study-visit.enums';

export interface DemoOrganization {
  slug: string;
  name: string;
  kind: OrganizationKind;
  homeMunicipality: string | null;
  website?: string;
}

export interface DemoCase {
  /** Also the key other demo items use to refer to the case. */
  slug: string;
  municipality: string;
  title: string;
  summary: string;
  body: string;
  kind: PracticeKind;
  language?: Language;
  themes: string[];
  targetGroups: TargetGroup[];
  places: string[];
  participatingMunicipalities?: string[];
  partners?: { organization: string; role: string }[];
  startedOn?: string;
  outcomes?: { label: string; value: number; unit: string; measuredOn?: string }[];
  funding?: { source: string; amountSek?: number }[];
  links?: { url: string; kind: LinkKind; title: string }[];
  contacts?: { name: string; role: string; email?: string; phone?: string }[];
  adaptedFrom?: { slug: string; note: string };
  /** How far through the workflow the demo takes the case. */
  status: 'PUBLISHED' | 'IN_REVIEW' | 'DRAFT';
  /** Last confirmed this long ago, so a fresh start shows a case due for "still running?". */
  lastConfirmedMonthsAgo?: number;
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { slug: 'emilkraften', name: 'Emilkraften', kind: OrganizationKind.CIVIL_SOCIETY, homeMunicipality: '0686' },
  { slug: 'arbetsformedlingen', name: 'Arbetsförmedlingen', kind: OrganizationKind.AGENCY, homeMunicipality: null, website: 'https://arbetsformedlingen.se' },
  { slug: 'vimmerby-if', name: 'Vimmerby IF', kind: OrganizationKind.CIVIL_SOCIETY, homeMunicipality: '0884' },
  { slug: 'linneuniversitetet', name: 'Linnéuniversitetet', kind: OrganizationKind.UNIVERSITY, homeMunicipality: '0780', website: 'https://lnu.se' },
  { slug: 'skl', name: 'Sveriges Kommuner och Landsting (SKL)', kind: OrganizationKind.AGENCY, homeMunicipality: '0180' },
  { slug: 'lansstyrelsen-sodermanland', name: 'Länsstyrelsen i Södermanlands län', kind: OrganizationKind.AGENCY, homeMunicipality: '0480' },
  { slug: 'studieframjandet', name: 'Studiefrämjandet', kind: OrganizationKind.CIVIL_SOCIETY, homeMunicipality: null },
];

export const DEMO_CASES: DemoCase[] = [
  {
    slug: 'vimmerbys-motesplatser',
    municipality: '0884',
    title: 'Vimmerbys mötesplatser: Bullerbyn, CEOS, FABRIKEN och Storebro',
    summary:
      'Vimmerby kommun har byggt upp öppna mötesplatser där nya och etablerade invånare möts, lär sig av varandra och tar steg mot arbete. Omkring 20 personer har anställning eller praktik på mötesplatserna.',
    body: [
      '## Bakgrund',
      '',
      'Arbetsmarknadsenheten som kommunen startade 2012 har drivit satsningen på mötesplatser, med socialnämnden som ansvarig nämnd. Målet är att skapa möten mellan människor och få olika aktörer att dra åt samma håll.',
      '',
      '## Mötesplatserna',
      '',
      '- **Mötesplats Bullerbyn**',
      '- **Mötesplats CEOS**',
      '- **Mötesplats FABRIKEN**',
      '- **Mötesplats Storebro**, som var under uppbyggnad 2016',
      '',
      'Sedan dess har ytterligare en mötesplats tillkommit, så att kommunen 2019 hade fem.',
      '',
      '## Så arbetar vi',
      '',
      'Språket är nyckeln, säger samordnaren för mötesplatserna. Mötesplatserna är också arbetsplatser: hösten 2019 var ett tjugotal personer anställda eller i praktik där. En utbildning i livsmedelshantering riktar sig till kvinnor, med sikte på jobb i restaurangbranschen.',
    ].join('\n'),
    kind: PracticeKind.MEETING_PLACE,
    themes: ['meeting-places', 'language', 'work-and-employment'],
    targetGroups: [TargetGroup.NEWCOMERS, TargetGroup.RESIDENTS, TargetGroup.WOMEN, TargetGroup.JOB_SEEKERS],
    places: ['Vimmerby', 'Storebro'],
    outcomes: [
      { label: 'mötesplatser i drift', value: 5, unit: 'mötesplatser', measuredOn: '2019-10' },
      { label: 'anställda eller i praktik på mötesplatserna', value: 20, unit: 'personer', measuredOn: '2019-10' },
    ],
    links: [{ url: 'https://youtu.be/I5kScucCJT0', kind: LinkKind.VIDEO, title: 'Vimmerby IF presenterar sin inkluderande verksamhet (2016)' }],
    contacts: [{ name: 'John Karlsson', role: 'samordnare för mötesplatserna' }],
    status: 'PUBLISHED',
  },
  {
    slug: 'vimmerby-if-inkludering',
    municipality: '0884',
    lastConfirmedMonthsAgo: 14,
    title: 'Vimmerby IF – en förening som öppnar dörren',
    summary:
      'Idrottsföreningen Vimmerby IF arbetar tillsammans med kommunen för att alla ska få plats, med ensamkommande unga som själva hjälper till i integrationsarbetet. Visionen: minst segregerad och mest inkluderande kommun 2026.',
    body: [
      '## Idén',
      '',
      'Föreningslivet når människor som kommunen inte når ensam. Vimmerby IF har gjort inkludering till en del av sin vardag och samverkar med kommunen kring integrationen.',
      '',
      '## Unga som drivkraft',
      '',
      'Ensamkommande ungdomar från Afghanistan, som lärt sig svenska, hjälper föreningen i det praktiska arbetet och berättar själva om det.',
      '',
      '## Uppmärksamhet',
      '',
      'I juni 2016 bjöd kultur- och demokratiministern in sig själv till föreningen för att höra hur samverkan fungerar. Samtalet tog också upp idéburet offentligt partnerskap (IOP) som ett sätt att fördjupa samarbetet med civilsamhället.',
    ].join('\n'),
    kind: PracticeKind.SPORTS_AND_LEISURE,
    themes: ['sports-and-leisure', 'civil-society', 'iop'],
    targetGroups: [TargetGroup.UNACCOMPANIED_MINORS, TargetGroup.YOUTH, TargetGroup.NEWCOMERS],
    places: ['Vimmerby'],
    partners: [{ organization: 'vimmerby-if', role: 'driver verksamheten' }],
    links: [{ url: 'https://youtu.be/I5kScucCJT0', kind: LinkKind.VIDEO, title: 'VIF:s presentation av sin inkluderande verksamhet' }],
    status: 'PUBLISHED',
  },
  {
    slug: 'vimmerby-lasprojekt-nyanlanda',
    municipality: '0884',
    title: 'Läsprojekt för nyanlända – biblioteket och Vimmerby IF',
    summary:
      'Biblioteket i Vimmerby har tillsammans med Vimmerby IF drivit ett läsprojekt för nyanlända, ett exempel på det uppsökande arbetssätt som den nya bibliotekslagen efterfrågar.',
    body: [
      '## Varför',
      '',
      'Många av dem som biblioteket vill nå kommer inte själva till biblioteket. Genom idrottsföreningen möter bibliotekarien nyanlända där de redan finns.',
      '',
      '## Hur',
      '',
      'En bibliotekarie har drivit läsprojektet i samverkan med Vimmerby IF. Projektet presenterades för kulturministern 2016 som ett lyckat exempel.',
    ].join('\n'),
    kind: PracticeKind.READING_PROJECT,
    themes: ['libraries-and-reading', 'language'],
    targetGroups: [TargetGroup.NEWCOMERS, TargetGroup.YOUTH],
    places: ['Vimmerby'],
    partners: [{ organization: 'vimmerby-if', role: 'samarbetspartner' }],
    contacts: [{ name: 'Maria Tunek', role: 'bibliotekarie' }],
    status: 'PUBLISHED',
  },
  {
    slug: 'emilkraften-eksjo-forstudie',
    municipality: '0686',
    title: 'Förstudie om integration i östra Eksjö kommun',
    summary:
      'Emilkraften och Eksjö kommun har intervjuat runt 200 personer om integrationen i Mariannelund, Ingatorp, Hjältevad och Bruzaholm. Språket lyftes av alla; nio teman ska arbetas vidare med, ett av dem mötesplatser.',
    body: [
      '## Kartläggningen',
      '',
      'Förstudien är startpunkten för ett integrationsprojekt i framför allt den östra kommundelen. Runt 200 personer i olika roller har intervjuats för att få med alla perspektiv.',
      '',
      '## Resultat',
      '',
      'Språket kom fram som det mest grundläggande. Nio teman har ringats in för det fortsatta arbetet.',
      '',
      '## Lärande från Vimmerby',
      '',
      'För temat mötesplatser besökte Eksjö kommun och Emilkraften Vimmerby och Mötesplats Bullerbyn hösten 2019. Tanken är inte att kopiera utan att hitta en egen form – och förstudiens rapport kan i sin tur vara till nytta för Vimmerby.',
    ].join('\n'),
    kind: PracticeKind.STUDY,
    themes: ['rural-areas', 'meeting-places', 'language', 'collaboration'],
    targetGroups: [TargetGroup.NEWCOMERS, TargetGroup.RESIDENTS],
    places: ['Mariannelund', 'Ingatorp', 'Hjältevad', 'Bruzaholm'],
    partners: [{ organization: 'emilkraften', role: 'medansvarig för förstudien' }],
    outcomes: [
      { label: 'intervjuade personer', value: 200, unit: 'personer', measuredOn: '2019-10' },
      { label: 'teman för det fortsatta arbetet', value: 9, unit: 'teman', measuredOn: '2019-10' },
    ],
    contacts: [
      { name: 'Catharina Tingvall', role: 'kanslichef, Eksjö kommun' },
      { name: 'Robert Glader', role: 'Emilkraften' },
    ],
    adaptedFrom: {
      slug: 'vimmerbys-motesplatser',
      note: 'Mötesplatstemat bygger på studiebesöket i Vimmerby i oktober 2019; formen anpassas till mindre orter i östra kommundelen i stället för att kopieras.',
    },
    status: 'PUBLISHED',
  },
  {
    slug: 'mojligheternas-motesplats-virserum',
    municipality: '0860',
    title: 'Möjligheternas Mötesplats i Virserum',
    summary:
      'En årlig tvådagarskonferens där Hultsfreds kommun samlar nyckelpersoner från kommuner, myndigheter, civilsamhälle, näringsliv och akademi för att tillsammans hitta lösningar i integrationsarbetet.',
    body: [
      '## Formen',
      '',
      'Inbjudna nyckelpersoner möts under två dagar i Virserum med seminarier, föredrag och workshops. 2019 var det tredje året.',
      '',
      '## Innehåll 2019',
      '',
      '- Delegationen för unga och nyanlända i arbete (DUA) om kraftsamlingen mot arbetslöshet bland unga och nyanlända.',
      '- Linnéuniversitetets forskningscenter om diskriminering och integration höll ett heldagsseminarium om fördomar, stereotyper och mångfald i arbetslivet.',
      '- SKL om mottagande, etablering på arbetsmarknaden och bosättning.',
      '- Gäster från Österrike delade erfarenheter från sitt land.',
      '',
      '## Del av ett långsiktigt arbete',
      '',
      'Hultsfred utgår från individen och ser arbete som vägen till integration. Samma år invigdes gemensamma lokaler för kommunens arbetsmarknads- och integrationsenhet och Arbetsförmedlingen.',
    ].join('\n'),
    kind: PracticeKind.CONFERENCE,
    themes: ['collaboration', 'work-and-employment', 'anti-discrimination'],
    targetGroups: [TargetGroup.PROFESSIONALS],
    places: ['Virserum'],
    // The sources give the year (2019 was the third) and the season; the day is the demo's.
    startedOn: '2017-06-01',
    partners: [
      { organization: 'skl', role: 'seminarium om mottagande och etablering' },
      { organization: 'linneuniversitetet', role: 'heldagsseminarium om fördomar och stereotyper' },
      { organization: 'arbetsformedlingen', role: 'medarrangör' },
    ],
    outcomes: [{ label: 'konferensdagar per år', value: 2, unit: 'dagar', measuredOn: '2019-06' }],
    contacts: [{ name: 'Lars Rosander', role: 'kommunalråd', email: 'lars.rosander@hultsfred.se', phone: '0495-24 08 00' }],
    status: 'PUBLISHED',
  },
  {
    slug: 'flyktingguide-sprakvan-eskilstuna',
    municipality: '0484',
    title: 'Flyktingguide och Språkvän i Eskilstuna',
    summary:
      'Invånare blir guider och språkvänner åt nyanlända. Eskilstuna började 2006, hade 90 flyktingguider när verksamheten byggdes ut och tog initiativ till ett nätverk för hela Sörmland.',
    body: [
      '## Tanken',
      '',
      'Integration på riktigt kräver att människor möts. En flyktingguide eller språkvän träffar en person med annan bakgrund och ett annat språk, och ofta blir det vänskap.',
      '',
      '## Utvecklingen',
      '',
      'Arbetet började 2006 i liten skala. När kommunen byggde ut verksamheten, med stöd från Länsstyrelsen, kom över 70 personer till informationsmötet i stadshuset: privatpersoner, tjänstemän, myndigheter, trossamfund och föreningar.',
      '',
      '## Att sprida',
      '',
      'Att berätta för andra, från mun till mun, fungerar bäst för att hitta nya guider. Eskilstuna har bjudit in alla sörmländska kommuner till ett regionalt nätverk.',
    ].join('\n'),
    kind: PracticeKind.LANGUAGE_BUDDY,
    themes: ['volunteering', 'language', 'reception-and-settlement'],
    targetGroups: [TargetGroup.NEWCOMERS, TargetGroup.RESIDENTS],
    places: ['Eskilstuna'],
    // Only the year is known.
    startedOn: '2006-01-01',
    partners: [{ organization: 'lansstyrelsen-sodermanland', role: 'ekonomiskt stöd' }],
    funding: [{ source: 'Länsstyrelsen i Södermanlands län' }],
    outcomes: [
      { label: 'aktiva flyktingguider', value: 90, unit: 'guider' },
      { label: 'deltagare på informationsmötet', value: 70, unit: 'personer' },
    ],
    links: [{ url: 'http://www.eskilstuna.se/sv/Senaste-nytt/Vill-du-bli-flyktingguidesprakvan/', kind: LinkKind.NEWS, title: 'Vill du bli flyktingguide/språkvän?' }],
    status: 'PUBLISHED',
  },
  {
    slug: 'motesplats-arby-jobbcentrum-nord',
    municipality: '0484',
    title: 'Mötesplats Årby: Jobbcentrum Nord och språkstöd under samma tak',
    summary:
      'I Årby finns vägledare, språkstöd, bibliotek med öppen förskola, fritidsgård och socialtjänstens familjevägledare på samma plats. Jobbcentrum Nord coachar boende till jobb eller studier.',
    body: [
      '## Flera aktörer på plats',
      '',
      'En framgångsfaktor är att flera förvaltningar och andra aktörer finns där de boende finns. Vid Mötesplats Årby delar vägledare, språkstöd, förskollärare, bibliotekarie, ung fritid och familjevägledare lokaler, och Studiefrämjandet har en samlingslokal intill. En liknande verksamhet, Jobbcentrum Syd, finns vid mötesplatsen i Fröslunda.',
      '',
      '## Jobbcentrum Nord',
      '',
      'Vägledarna, anställda av Arbetsmarknads- och vuxenutbildningsförvaltningen, coachar till arbete eller studier. De bygger relationer med både boende och företag och finns kvar som stöd för den som fått praktik eller jobb, och för arbetsgivaren. Extratjänster har sänkt tröskeln för arbetsgivare att våga ta första steget.',
      '',
      '## Språkstöd',
      '',
      'Språkstödet är ett steg efter SFI: här samtalar man på svenska med varandra, och många som tidigare mest talat sitt modersmål hemma börjar träna svenska.',
    ].join('\n'),
    kind: PracticeKind.EMPLOYMENT_PROGRAMME,
    themes: ['work-and-employment', 'language', 'meeting-places'],
    targetGroups: [TargetGroup.JOB_SEEKERS, TargetGroup.NEWCOMERS, TargetGroup.CHILDREN_AND_FAMILIES],
    places: ['Årby', 'Fröslunda'],
    partners: [{ organization: 'studieframjandet', role: 'samlingslokal i anslutning till mötesplatsen' }],
    contacts: [{ name: 'Tomas Öhling', role: 'vägledare, Jobbcentrum Nord' }],
    // Left in review so the demo shows the reviewer's queue as well.
    status: 'IN_REVIEW',
  },
];

/**
 * Eksjö and Emilkraften at Mötesplats Bullerbyn. The article of 29 October 2019 says
 * only that the meeting was recent; the demo dates it to 24 October 2019.
 */
export const DEMO_VISIT = {
  hostMunicipality: '0884',
  visitingMunicipality: '0686',
  visitingOrganization: 'emilkraften',
  caseSlug: 'vimmerbys-motesplatser',
  followUpCaseSlug: 'emilkraften-eksjo-forstudie',
  purpose: 'Se hur Vimmerby driver sina mötesplatser, med Mötesplats Bullerbyn som exempel, inför arbetet med temat mötesplatser i förstudien för östra Eksjö kommun.',
  participants: 2,
  dates: { start: '2019-10-24', end: '2019-10-24' },
  preferredLanguage: Language.SV,
  format: StudyVisitFormat.ON_SITE,
  requestedAt: new Date('2019-10-07T09:00:00Z'),
  acceptedAt: new Date('2019-10-08T13:00:00Z'),
  report: {
    learned:
      'Språket är nyckeln, både enligt Vimmerby och enligt våra egna 200 intervjuer. Mötesplatserna är också arbetsplatser: ett tjugotal personer är anställda eller i praktik där, och en utbildning i livsmedelshantering för kvinnor siktar mot jobb i restaurangbranschen.',
    planToAdapt:
      'Vi ser samma behov av mötesplatser i Mariannelund, Ingatorp, Hjältevad och Bruzaholm, men behöver hitta en egen form för mindre orter. Vi delar förstudiens rapport med Vimmerby så att utbytet går åt båda hållen.',
    reportedAt: new Date('2019-10-29T09:20:00Z'),
  },
};

export const DEMO_HOSTING_OFFER = {
  municipality: '0884',
  hosts: true,
  caseSlugs: ['vimmerbys-motesplatser'],
  languages: [Language.SV, Language.EN],
  maxVisitsPerQuarter: 3,
  digitalPossible: true,
  note: 'Vi tar gärna emot kommuner som vill se hur mötesplatserna fungerar i vardagen.',
};
