// Every word the site shows, in Swedish (the default) and English. `en` is typed as
// `Messages`, so a key missing in one language is a type error; i18n.test.ts checks the
// same at run time, nested keys included. Enum labels mirror the GraphQL enums.

export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

/** The GraphQL `Language` value of a site language (for label(language:) and search). */
export function apiLanguage(lang: Lang): 'SV' | 'EN' {
  return lang === 'en' ? 'EN' : 'SV';
}

const sv = {
  siteName: 'Utbyte',
  siteTagline: 'Kommuner delar det som fungerar i integrationsarbetet',
  skipLink: 'Hoppa till huvudinnehållet',
  mainNav: 'Huvudmeny',
  navSearch: 'Sök',
  navThemes: 'Teman',
  switchLanguage: 'English',
  switchLanguageLang: 'en' as Lang,
  footerAbout: 'Utbyte är en mötesplats där Sveriges kommuner delar goda exempel och bjuder in till studiebesök.',
  footerApi: 'Öppet API (GraphQL)',
  home: {
    title: 'Hitta goda exempel på integrationsarbete',
    description: 'Sök bland kommunernas praktiker: mötesplatser, språkvänner, IOP-samarbeten, arbetsmarknadsinsatser och mycket mer.',
    intro: 'Sök bland det kommuner och deras partner har gjort, läs hur det gick och be om ett studiebesök.',
    searchLabel: 'Sök bland praktiker',
    searchHint: 'Till exempel ”språkvän”, ”mötesplats” eller ett kommunnamn',
    searchButton: 'Sök',
    browseThemes: 'Bläddra bland teman',
  },
  themes: {
    title: 'Teman',
    description: 'Alla teman för integrationsarbete och hur många publicerade praktiker som finns inom varje.',
    intro: 'Praktikerna är ordnade efter teman. En praktik räknas under sina teman och deras övergripande teman.',
    caseCount: (n: number) => (n === 1 ? '1 praktik' : `${n} praktiker`),
    subthemes: 'Underteman',
  },
  theme: {
    description: (label: string) => `Publicerade praktiker inom temat ${label}.`,
    partOf: 'Del av temat',
    subthemes: 'Underteman',
    cases: 'Praktiker',
    noCases: 'Det finns ännu inga publicerade praktiker inom det här temat.',
    allThemes: 'Alla teman',
    descriptionInEnglish: 'Beskrivning (på engelska)',
  },
  pagination: {
    label: 'Sidor',
    previous: 'Föregående sida',
    next: 'Nästa sida',
    showing: (from: number, to: number, total: number) => `Visar ${from}–${to} av ${total}`,
  },
  caseCard: {
    publishedOn: 'Publicerad',
    municipality: 'Kommun',
  },
  breadcrumbs: 'Du är här',
  errors: {
    notFoundTitle: 'Sidan kunde inte hittas',
    notFoundBody: 'Kontrollera att adressen är rätt stavad. Sidan kan också ha flyttats eller tagits bort.',
    badRequestTitle: 'Adressen gick inte att läsa',
    badRequestBody: 'Något i adressen är felaktigt, till exempel en gammal sidlänk. Börja om från startsidan.',
    serverTitle: 'Något gick fel',
    serverBody: 'Ett fel uppstod hos oss. Försök igen om en liten stund.',
    reference: 'Felreferens',
    backHome: 'Till startsidan',
  },
  kinds: {
    CONFERENCE: 'Konferens',
    EDUCATION: 'Utbildning',
    EMPLOYMENT_PROGRAMME: 'Arbetsmarknadsinsats',
    LANGUAGE_BUDDY: 'Språkvän',
    MEETING_PLACE: 'Mötesplats',
    OTHER: 'Övrigt',
    PARTNERSHIP: 'Partnerskap',
    READING_PROJECT: 'Läsprojekt',
    SPORTS_AND_LEISURE: 'Idrott och fritid',
    STUDY: 'Studie',
  },
  targetGroups: {
    CHILDREN_AND_FAMILIES: 'Barn och familjer',
    ELDERLY: 'Äldre',
    JOB_SEEKERS: 'Arbetssökande',
    NEWCOMERS: 'Nyanlända',
    PROFESSIONALS: 'Yrkesverksamma',
    RESIDENTS: 'Invånare',
    UNACCOMPANIED_MINORS: 'Ensamkommande barn och unga',
    WOMEN: 'Kvinnor',
    YOUTH: 'Unga',
  },
};

/** The shape of a dictionary: sv's keys, with the string literals widened. */
export type Messages = Widen<typeof sv>;
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Widen<T[K]> };

const en: Messages = {
  siteName: 'Utbyte',
  siteTagline: 'Municipalities share what works in integration',
  skipLink: 'Skip to main content',
  mainNav: 'Main menu',
  navSearch: 'Search',
  navThemes: 'Themes',
  switchLanguage: 'Svenska',
  switchLanguageLang: 'sv',
  footerAbout: 'Utbyte is where Sweden’s municipalities share good practice and invite each other on study visits.',
  footerApi: 'Open API (GraphQL)',
  home: {
    title: 'Find good practice in integration work',
    description: 'Search the municipalities’ practices: meeting places, language buddies, IOP partnerships, employment programmes and more.',
    intro: 'Search what municipalities and their partners have done, read how it went and ask for a study visit.',
    searchLabel: 'Search practices',
    searchHint: 'For example “language buddy”, “meeting place” or a municipality',
    searchButton: 'Search',
    browseThemes: 'Browse themes',
  },
  themes: {
    title: 'Themes',
    description: 'Every theme of integration work and how many published practices each holds.',
    intro: 'Practices are grouped by theme. A practice counts under its themes and the themes above them.',
    caseCount: (n: number) => (n === 1 ? '1 practice' : `${n} practices`),
    subthemes: 'Subthemes',
  },
  theme: {
    description: (label: string) => `Published practices in the theme ${label}.`,
    partOf: 'Part of the theme',
    subthemes: 'Subthemes',
    cases: 'Practices',
    noCases: 'There are no published practices in this theme yet.',
    allThemes: 'All themes',
    descriptionInEnglish: 'Description',
  },
  pagination: {
    label: 'Pages',
    previous: 'Previous page',
    next: 'Next page',
    showing: (from: number, to: number, total: number) => `Showing ${from}–${to} of ${total}`,
  },
  caseCard: {
    publishedOn: 'Published',
    municipality: 'Municipality',
  },
  breadcrumbs: 'You are here',
  errors: {
    notFoundTitle: 'Page not found',
    notFoundBody: 'Check that the address is spelled correctly. The page may also have moved or been removed.',
    badRequestTitle: 'The address could not be read',
    badRequestBody: 'Something in the address is wrong, for example an old page link. Start again from the home page.',
    serverTitle: 'Something went wrong',
    serverBody: 'An error occurred on our side. Please try again in a moment.',
    reference: 'Error reference',
    backHome: 'Go to the home page',
  },
  kinds: {
    CONFERENCE: 'Conference',
    EDUCATION: 'Education',
    EMPLOYMENT_PROGRAMME: 'Employment programme',
    LANGUAGE_BUDDY: 'Language buddy',
    MEETING_PLACE: 'Meeting place',
    OTHER: 'Other',
    PARTNERSHIP: 'Partnership',
    READING_PROJECT: 'Reading project',
    SPORTS_AND_LEISURE: 'Sports and leisure',
    STUDY: 'Study',
  },
  targetGroups: {
    CHILDREN_AND_FAMILIES: 'Children and families',
    ELDERLY: 'Older people',
    JOB_SEEKERS: 'Job seekers',
    NEWCOMERS: 'Newcomers',
    PROFESSIONALS: 'Professionals',
    RESIDENTS: 'Residents',
    UNACCOMPANIED_MINORS: 'Unaccompanied minors',
    WOMEN: 'Women',
    YOUTH: 'Young people',
  },
};

export const DICTIONARIES: Readonly<Record<Lang, Messages>> = { sv, en };

/** `?lang=en` chooses English; anything else (or nothing) is Swedish. */
export function langOf(value: unknown): Lang {
  return value === 'en' ? 'en' : 'sv';
}

/** Dates as the reader's language writes them, in Swedish time. */
export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}
