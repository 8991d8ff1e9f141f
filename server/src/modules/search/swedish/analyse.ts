// Swedish word analysis for search: lemma (inflection undone, vowel changes
// included), compound parts, and the letters folded for keyboards without å, ä and
// ö. Pure functions over the lexicon; the same ones run on documents at index time
// and on queries, so both sides always agree. docs/search.md explains the use.
import { SWEDISH_STOP_WORDS } from '../../../core/search/index-settings';
import { GENITIVE_FLAG, VERB_FLAGS, formsOf, standsAlone, swedishLexicon, type Form, type Lexicon } from './lexicon';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const snowball = require('snowball-stemmers') as { newStemmer(language: string): { stem(word: string): string } };

const stemmer = snowball.newStemmer('swedish');
/** Shortest compound part we accept: "för", "bok", "år" is too short to be safe. */
export const MIN_PART = 3;
/** Words shorter than this are not split (a compound needs two parts of MIN_PART). */
const MIN_COMPOUND = 6;
const MAX_WORD = 60;
const LINKS = ['s', 'e', 'a', 'u'];
/** dictionary-sv's suffix groups for regular noun plurals (-ar, -er, -or, -r; see its .aff comments). */
const REGULAR_PLURALS = ['G', 'H', 'I'];
/** dictionary-sv's groups only nouns carry: definite -n (E) and the regular plurals. */
const NOUN_FLAGS = ['E', ...REGULAR_PLURALS];
/** Those and the definite -en, -et groups (D, B): a word with one of them is a noun that inflects (kon → konen). */
const INFLECTED_NOUN_FLAGS = ['B', 'D', ...NOUN_FLAGS];

/**
 * Lower-case, NFC: the form every table is keyed by. Swedish has no casing rules of its
 * own (Unicode's special casing concerns Turkish, Azeri and Lithuanian), so the plain
 * toLowerCase gives what toLocaleLowerCase('sv') gives, without the ~3 µs per word the
 * locale lookup cost: at index time that was most of the analysis of an already seen word.
 */
export const normalise = (word: string): string => word.normalize('NFC').toLowerCase();

/** å/ä→a, ö→o, é→e …: what a person without Swedish keys types. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/æ/g, 'ae').replace(/Æ/g, 'AE').replace(/ø/g, 'o').replace(/Ø/g, 'O').normalize('NFC');
}

/** Letters a keyboard without Swedish keys leaves out, likeliest first (ä is commoner than å). */
const UNFOLDINGS: Record<string, string[]> = { a: ['ä', 'å'], o: ['ö'], e: ['é'] };
const MAX_UNFOLDINGS = 64;

/**
 * A word typed without å, ä, ö that the lexicon does not know, as the first spelling
 * with them that it does know: "bocker" → "böcker", "gavle" → "gävle", "las" → "läs".
 * A word the lexicon has as a root as typed ("rad", "ar") stays as it is, unless
 * `evenKnown` (then "las" → "läs", "rad" → "råd"); `skip` rules out spellings (stop words).
 */
export function unfold(word: string, lex: Lexicon = swedishLexicon(), evenKnown = false, skip: ReadonlySet<string> = new Set()): string {
  if (word.length > MAX_WORD || fold(word) !== word || (!evenKnown && lex.roots.has(word))) return word;
  let variants = [''];
  for (const ch of word) {
    const next = [...variants.map((v) => v + ch), ...(UNFOLDINGS[ch] ?? []).flatMap((u) => variants.map((v) => v + u))];
    if (next.length > MAX_UNFOLDINGS) return word;
    variants = next;
  }
  // Fewest changed letters first, so "bocker" tries "böcker" before anything odder.
  const changed = (v: string) => [...v].filter((ch, i) => ch !== word[i]).length;
  const known = variants.filter((v) => v !== word && !skip.has(v) && formsOf(lex, v).length).sort((x, y) => changed(x) - changed(y));
  return known[0] ?? word;
}

/** The words of a text as search sees them: runs of letters and digits. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A plural or inflected form with a vowel change, back to the noun it comes from:
 * böcker→bok, städer→stad, fötter→fot, män→man. Only when the lexicon has the noun
 * (a compound-ending root), so "bär" does not become "bar".
 */
export function vowelChangeBase(lex: Lexicon, word: string, ownFlags?: string): string | undefined {
  if (!/[äö]/.test(word)) return undefined;
  for (const ending of ['ernas', 'erna', 'ers', 'er', 'ar', '']) {
    if (!word.endsWith(ending) || word.length - ending.length < 2) continue;
    // A word the lexicon lists as a plural of its own (söner, fäder, döttrar: only the
    // genitive and the definite plural -na, no singular forms).
    const plural = (ending === 'er' || ending === 'ar') && pluralEntry(ownFlags);
    if (ending === 'ar' && !plural) continue;
    // A bare word (män) counts only when the lexicon lists it as a plural: a plural-definite suffix (F: männen), no singular or plural ones.
    if (ending === '' && (ownFlags === undefined || !ownFlags.includes('F') || /[DGHI]/.test(ownFlags))) continue;
    const stem = word.slice(0, word.length - ending.length);
    const i = Math.max(stem.lastIndexOf('ä'), stem.lastIndexOf('ö'));
    const unrounded = stem.slice(0, i) + (stem[i] === 'ä' ? 'a' : 'o') + stem.slice(i + 1);
    const candidates = [unrounded, unrounded.replace(/ck$/, 'k').replace(/([bdfglmnprst])\1$/, '$1')]
      .filter((root) => root !== word)
      .map((root) => ({ root, flags: lex.roots.get(root) }))
      .filter((c): c is { root: string; flags: string } => c.flags !== undefined && standsAlone(lex, c.flags));
    // The noun must be one that may end a compound, which keeps "bär" from "bar" — or, for
    // a plural of its own, see pluralEntryBase; unless it is the plain plural of a word
    // the lexicon has (gränder of gränd, bräder of bräda, hundvänner of hundvän: left as
    // they are, the lexicon does not link them).
    if (plural && regularPluralOf(lex, stem)) return undefined;
    // Only a vowel in the last syllable changes: "bärtoner" is no plural of "barton".
    const lastSyllable = !/[aeiouyåäö]/.test(stem.slice(i + 1));
    const found = candidates.find((c) => c.flags.includes(lex.flags.end))?.root ?? (plural && lastSyllable ? pluralEntryBase(lex, stem, unrounded) : undefined);
    if (found !== undefined) return found;
    // A noun in -er with the same vowel change (broder → bröder, bröderna): only one the
    // lexicon gives no regular plural of its own, which is how it marks an irregular one.
    const inEr = `${unrounded}er`;
    const flags = ending === '' ? undefined : lex.roots.get(inEr);
    if (flags !== undefined && (flags.includes(lex.flags.end) || plural) && standsAlone(lex, flags) && !REGULAR_PLURALS.some((f) => flags.includes(f))) return inEr;
  }
  return undefined;
}

/**
 * The noun a plural-only entry is the plural of: across the vowel change (söner → son,
 * ä also back to å: stänger → stång), with a final -e the plural drops (bönder → bonde)
 * or an -e- it drops (döttrar → dotter, mödrar → moder). A noun that inflects is taken
 * first (bonde before the compound form "bond"), then any word the lexicon has.
 */
function pluralEntryBase(lex: Lexicon, stem: string, unrounded: string): string | undefined {
  const a = stem.lastIndexOf('ä');
  const vowels = [unrounded, ...(a >= 0 ? [stem.slice(0, a) + 'å' + stem.slice(a + 1)] : [])];
  const shapes = vowels.flatMap((v) => [v, v.replace(/ck$/, 'k').replace(/([bdfglmnprst])\1$/, '$1'), `${v}e`, v.replace(/([^e])r$/, '$1er')]);
  const known = shapes.flatMap((root) => {
    const flags = lex.roots.get(root);
    return root !== stem && flags !== undefined && standsAlone(lex, flags) ? [{ root, flags }] : [];
  });
  return (known.find((k) => INFLECTED_NOUN_FLAGS.some((f) => k.flags.includes(f))) ?? known[0])?.root;
}

/** True when `stem` + a plural ending is a plain plural of a root, without any vowel change. */
function regularPluralOf(lex: Lexicon, stem: string): boolean {
  return [stem, `${stem}a`, `${stem}e`, stem.replace(/([bdfglmnprst])\1$/, '$1')].some((root) => lex.roots.has(root));
}

/** dictionary-sv's plural-only entries: the definite plural -na (J) and no singular or regular plural groups. */
const pluralEntry = (flags: string | undefined): boolean => flags !== undefined && flags.includes('J') && !/[BDEGHI]/.test(flags);

/** Flags a contracted noun (bror, farmor) may have: the genitive, a definite form, the compound and no-suggestion flags. */
const CONTRACTED_FLAGS = /^[AEvXYUZ]*$/;

/**
 * A noun's contracted form, when the lexicon has one: broder → bror, farmoder → farmor.
 * The lexicon lists both, and inflects only the long one (bröder, brodern), so the
 * contracted one, the word people use, is taken as the lemma of them all: a root in
 * -der whose form without "de" is a root with no inflection groups but the genitive
 * and the definite form (which sets it apart from dekor, kar, lur, pur).
 */
export function contractedForm(lex: Lexicon, noun: string): string {
  if (!noun.endsWith('der') || noun.length < 5 || !lex.roots.get(noun)?.includes('E')) return noun;
  const short = `${noun.slice(0, -3)}r`;
  const flags = lex.roots.get(short);
  return flags !== undefined && CONTRACTED_FLAGS.test(flags) && flags.includes(GENITIVE_FLAG) ? short : noun;
}

/** The noun a root stands for: its vowel change undone (böcker → bok), its contracted form (broder → bror). */
function nounBase(lex: Lexicon, root: string, flags?: string): string {
  return contractedForm(lex, vowelChangeBase(lex, root, flags) ?? root);
}

/**
 * Every lemma a document word may stand for, the primary one (lemma()) first:
 * "fots" is a word of its own (till fots) and the genitive of "fot". Queries use only
 * the primary lemma; documents carry all, so either reading finds them.
 */
export function lemmaVariants(word: string, lex: Lexicon = swedishLexicon()): string[] {
  const primary = lemma(word, lex);
  if (word.length > MAX_WORD) return [primary];
  const forms = formsOf(lex, word);
  // A vowel-change plural the lexicon also lists as some root's regular -er plural
  // (bröder as if of bröd, städer of städa) is read as the noun's plural only, as lemma() does.
  if (vowelChangePlural(lex, word, forms) !== undefined) return [primary];
  const others = forms.filter((f) => standsAlone(lex, f.rootFlags)).map((f) => nounBase(lex, f.root, f.rootFlags));
  return [...new Set([primary, ...others])].slice(0, 4);
}

/** For a word the lexicon has only as regular plurals, the noun whose vowel-change plural it is (städer → stad). */
function vowelChangePlural(lex: Lexicon, word: string, forms: readonly Form[]): string | undefined {
  return forms.length > 0 && forms.every((f) => f.suffixed && REGULAR_PLURALS.includes(f.rule)) ? vowelChangeBase(lex, word) : undefined;
}

/** The root a standalone form points at; the word itself when it is a root, else the shortest. */
function rootOf(lex: Lexicon, forms: readonly Form[]): string | undefined {
  const usable = forms.filter((f) => standsAlone(lex, f.rootFlags) || f.suffixed);
  if (!usable.length) return undefined;
  const own = usable.find((f) => !f.suffixed);
  if (own) return own.root;
  // A genitive ("lä|s") only when nothing else reads the word; then the shortest root.
  const rank = (f: Form) => (f.rule === GENITIVE_FLAG ? 1000 : 0) + f.root.length;
  return [...usable].sort((a, b) => rank(a) - rank(b) || (a.root < b.root ? -1 : 1))[0].root;
}

const lemmaCache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The lemma of one lower-case word: a lexicon root (vowel change undone), else for an
 * unknown compound its first parts plus the lemma of its last, else the Snowball stem.
 */
export function lemma(word: string, lex: Lexicon = swedishLexicon()): string {
  const hit = lemmaCache.get(word);
  if (hit !== undefined) return hit;
  if (word.length > MAX_WORD || /\d/.test(word)) return remember(lemmaCache, word, word);
  const forms = formsOf(lex, word);
  // "städer" is also the lexicon's -er plural of the verb "städa"; a noun whose vowel-change plural it is (stad) is the likelier reading.
  const plural = vowelChangePlural(lex, word, forms);
  if (plural !== undefined) return remember(lemmaCache, word, contractedForm(lex, plural));
  const root = rootOf(lex, forms);
  if (root !== undefined) return remember(lemmaCache, word, nounBase(lex, root, lex.roots.get(root)));
  const changed = vowelChangeBase(lex, word);
  if (changed !== undefined) return remember(lemmaCache, word, contractedForm(lex, changed));
  const split = decompound(word, lex);
  if (split) return remember(lemmaCache, word, word.slice(0, split.lastStart) + split.parts[split.parts.length - 1]);
  return remember(lemmaCache, word, stemmer.stem(word));
}

export interface Split {
  /** The lemma of each part, in order. */
  parts: string[];
  /** Where the last part starts in the word (it carries the inflection). */
  lastStart: number;
}

interface Candidate {
  parts: string[];
  loose: number;
  lastStart: number;
}

/** A part that may stand first or in the middle, and the lemma it stands for. */
function leadingPart(lex: Lexicon, text: string, first: boolean, careful: boolean): { lemma: string; loose: boolean; verbForm?: boolean } | undefined {
  const { begin, middle } = lex.flags;
  const allowed = (flags: string) => flags.includes(first ? begin : middle) || (!first && flags.includes(begin));
  for (const form of formsOf(lex, text)) {
    if (allowed(form.formFlags)) return { lemma: compoundFormLemma(lex, form.root), loose: false, verbForm: form.suffixed && !INFLECTED_NOUN_FLAGS.some((f) => form.rootFlags.includes(f)) };
  }
  // Outside the dictionary's compound flags: a plain root, bare ("för|skolan"), with a
  // linking letter ("tro|s|samfund"), or with its final vowel dropped or replaced ("gat|u|fest", "skol|gård").
  const stem = LINKS.includes(text[text.length - 1]) ? text.slice(0, -1) : undefined;
  const guesses = [text, stem, `${text}a`, `${text}e`, stem && `${stem}a`, stem && `${stem}e`];
  for (const root of guesses) {
    const flags = root === undefined ? undefined : lex.roots.get(root);
    if (root === undefined || root.length < MIN_PART || flags === undefined || !standsAlone(lex, flags)) continue;
    // Inside a word the lexicon knows, a guess beyond the bare root must be a noun (or a
    // root marked to begin compounds, before a linking letter): "gat|u|fest", "barn|a|vård" are, "valid|e|ring" is not.
    const noun = NOUN_FLAGS.some((f) => flags.includes(f)) || (root === stem && flags.includes(lex.flags.begin));
    if (careful && root !== text && !noun) continue;
    // …and a noun (one with a definite or plural form) only before a linking letter
    // ("barn|a|vård", "gat|u|fest"): otherwise a noun begins a word the lexicon knows only through its
    // compound flags, so "för|skola" splits and "kon|takt", "kon|trakt" (kon, kona) do not.
    const linked = stem !== undefined && [stem, `${stem}a`, `${stem}e`].includes(root);
    if (careful && !linked && INFLECTED_NOUN_FLAGS.some((f) => flags.includes(f))) continue;
    return { lemma: nounBase(lex, root, flags), loose: true };
  }
  return undefined;
}

/** The last part: a form of a root that may end a compound. */
function trailingPart(lex: Lexicon, text: string): string | undefined {
  const forms = formsOf(lex, text).filter((f) => f.rootFlags.includes(lex.flags.end) && standsAlone(lex, f.rootFlags));
  const root = rootOf(lex, forms);
  return root === undefined ? undefined : nounBase(lex, root, lex.roots.get(root));
}

/**
 * A compound-only form ("arbets", "föräldra", "gymnasie") to the word it is a form
 * of, when the lexicon has one: arbets→arbete, skol→skola, gymnasie→gymnasium. A final
 * -o, -u or -e in place of the word's -a (the dictionary lists such forms as roots of
 * their own): hälso→hälsa, kvinno→kvinna, varu→vara, förskole→förskola, upplage→upplaga;
 * or an -e added to a word without one, unless the -a word is a noun and no verb
 * (skatte→skatt, skörde→skörd, tjänste→tjänst; not the verbs skatta, skörda).
 */
export function compoundFormLemma(lex: Lexicon, form: string): string {
  const flags = lex.roots.get(form);
  // A root in -s with nothing but compound flags ("andrahands/!X") is a compound form, not a word.
  const onlyCompoundForm = flags !== undefined && form.endsWith('s') && /^[!XUZ]*$/.test(flags);
  if (flags !== undefined && standsAlone(lex, flags) && !onlyCompoundForm) return form;
  const bare = form.replace(/s$/, '');
  // The -a word a final -o, -u or -e may stand for; for -e, first the word without it, unless
  // that -a word is a noun and no verb (upplage→upplaga; skatte→skatt, not skatta).
  const aWord = /[eou]$/.test(form) ? `${form.slice(0, -1)}a` : undefined;
  const aNoun = aWord !== undefined && NOUN_FLAGS.some((f) => lex.roots.get(aWord)?.includes(f)) && !isVerb(lex, aWord);
  const vowelForA = [...(form.endsWith('e') && !aNoun ? [form.slice(0, -1)] : []), ...(aWord !== undefined ? [aWord] : [])];
  for (const candidate of [bare, `${bare}e`, `${bare}a`, `${form}a`, `${form}e`, form.replace(/ie$/, 'ium'), form.replace(/a$/, 'er').replace(/([^e])r$/, '$1er'), ...vowelForA]) {
    const f = lex.roots.get(candidate);
    if (candidate !== form && f !== undefined && standsAlone(lex, f)) return candidate;
  }
  // A compound's own compound form ("andrahands-" of andra + hand): without its linking s, when that splits into words
  // or is a word the dictionary reads as a form ("samverkans-" of samverkan, the noun of samverka); lemmatised as
  // that word is everywhere else, so the part meets the query's lemma (samverkan → samverka).
  if (bare !== form && (decompound(bare, lex) || formsOf(lex, bare).some((f) => f.suffixed && standsAlone(lex, f.rootFlags)))) return lemma(bare, lex);
  return form;
}

/**
 * A -ning noun of a particle verb (mot|tagning, in|skrivning): the first part is an
 * inflected verb form only by chance ("mot" is the imperative of "mota"), the word is
 * a derivation of its own, like the -nde forms. Only for words the lexicon knows.
 */
const particleNoun = (lead: { verbForm?: boolean }, rest: Candidate): boolean => lead.verbForm === true && rest.parts.length === 1 && rest.parts[0].endsWith('ning');

/** Function words (the stop words): as the first part of a word, a particle such as "till", "upp", "under". */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(SWEDISH_STOP_WORDS);

/** A prefix that begins at least this many of the dictionary's verbs that are the prefix and a verb of their own. */
const VERB_PREFIX_MIN = 20;
/** How much a noun made from a short verb in -e or -å adds to the verb's stem: -ift (uppge → uppgift), -yn, -ag. */
const SHORT_VERB_NOUN_ENDING = 3;
/** dictionary-sv's group for a verb's -are noun (deltaga → deltagare, vägleda → vägledare). */
const AGENT_NOUN_FLAG = 'T';
const verbPrefixCache = new WeakMap<Lexicon, ReadonlySet<string>>();

const isVerb = (lex: Lexicon, text: string): boolean => {
  const flags = lex.roots.get(text);
  return flags !== undefined && VERB_FLAGS.some((f) => flags.includes(f));
};

/**
 * A verb the dictionary marks only by its -are noun (mottaga → mottagare, företaga): the
 * long forms in -taga carry no verb flag of their own.
 */
const agentVerb = (lex: Lexicon, text: string): boolean => text.endsWith('a') && (lex.roots.get(text)?.includes(AGENT_NOUN_FLAG) ?? false);

/**
 * The particles and prefixes Swedish makes verbs with, read from the dictionary: the
 * beginnings of many verbs that are that beginning and another verb ("för|klara",
 * "av|sluta", "an|ställa", "fram|gå", "be|tala", "åter|vända"; 20 or more verbs each,
 * from "för" with 232 down to "hand", as in "hand|leda"). With the stop words they are
 * what particleVerbEnd looks for.
 */
export function verbPrefixes(lex: Lexicon = swedishLexicon()): ReadonlySet<string> {
  let prefixes = verbPrefixCache.get(lex);
  if (!prefixes) {
    const count = new Map<string, number>();
    for (const [word, flags] of lex.roots) {
      if (!VERB_FLAGS.some((f) => flags.includes(f))) continue;
      for (let i = 2; i <= word.length - 2; i++) if (isVerb(lex, word.slice(i))) count.set(word.slice(0, i), (count.get(word.slice(0, i)) ?? 0) + 1);
    }
    prefixes = new Set([...count].filter(([, n]) => n >= VERB_PREFIX_MIN).map(([prefix]) => prefix));
    verbPrefixCache.set(lex, prefixes);
  }
  return prefixes;
}

/** Loads the lexicon and derives its tables (~0.3 s of synchronous work): for a process to pay while it starts, not in its first search. */
export function prepareAnalysis(lex: Lexicon = swedishLexicon()): void {
  verbPrefixes(lex);
}

const isWord = (lex: Lexicon, text: string): boolean => {
  const flags = lex.roots.get(text);
  return flags !== undefined && standsAlone(lex, flags);
};

/**
 * Where the verb ends in a word made from a particle verb: till|gång of "tillgå",
 * upp|drag of "uppdra", under|sökning of "undersöka", för|klarar of "förklara". The
 * particle is no part anyone searches for, and what follows only looks like a word of
 * its own ("gång", "drag", "sökning"). No split of a known word may fall before the
 * returned end: not after the particle, not inside it ("pro|vridning" for provridning),
 * not inside the verb ("under|s|ökning"). Found when the word begins with a particle —
 * a verb prefix of the dictionary (verbPrefixes) or a stop word of MIN_PART letters or
 * more — and the dictionary has a verb made of that particle and a verb of its own
 * whose stem begins the rest (till + gå, under + sök(a)). So "förskola" still splits
 * (no verb "förskola"), as do "överläkare" (no verb "överläka") and a compound after
 * the verb ("undervisnings|grupp").
 */
function particleVerbEnd(lex: Lexicon, word: string, forms: readonly Form[]): number | undefined {
  const prefixes = verbPrefixes(lex);
  // The word's dictionary root (uppgift for uppgifterna): not lemma(), which may split the word and so come back here.
  const base = rootOf(lex, forms) ?? word;
  for (let from = 2; from < word.length - 1; from++) {
    const particle = word.slice(0, from);
    if (!prefixes.has(particle) && !(from >= MIN_PART && FUNCTION_WORDS.has(particle))) continue;
    for (let to = word.length; to >= from + 1; to--) {
      const stem = word.slice(0, to);
      // A particle verb is its particle and a verb of its own: "till|gå", "under|visa"; not "som|marjobba".
      const particleVerb = (v: string) => v.length >= from + 2 && (isVerb(lex, v) || agentVerb(lex, v)) && isWord(lex, v.slice(from));
      if (to >= from + 2 && [stem, `${stem}a`].some(particleVerb)) return to;
      // A short verb in -e or -å changes its vowel in the noun: upp|gift of uppge, över|syn of överse, för|slag of
      // förslå, fram|steg of framstå. Then the whole word is the noun, and no split is left: when its root is the
      // verb's stem and one changed vowel's syllable, so that för|skola, för|stad (förse) and hand|stil still split.
      const rest = base.startsWith(stem) ? base.slice(to) : '';
      if (rest.length <= SHORT_VERB_NOUN_ENDING && /^[aeiouyåäö][^aeiouyåäö]+$/.test(rest) && [`${stem}e`, `${stem}å`].some(particleVerb)) return word.length;
    }
  }
  return undefined;
}

const splitCache = new Map<string, Split | null>();

/**
 * Splits a lower-case word into dictionary words: the fewest parts, then the fewest
 * that needed a guess outside the dictionary's compound flags. Each part has at least
 * MIN_PART letters; the last part is lemmatised. Undefined when no split exists.
 */
export function decompound(word: string, lex: Lexicon = swedishLexicon()): Split | undefined {
  const hit = splitCache.get(word);
  if (hit !== undefined) return hit ?? undefined;
  if (word.length < MIN_COMPOUND || word.length > MAX_WORD || !/^\p{L}+$/u.test(word)) return remember(splitCache, word, null) ?? undefined;
  const forms = formsOf(lex, word);
  // A verb's -nde form (mottagande, mottagandet of mottaga) is a derivation, not a compound: its verb's particle is no part to search by.
  if (forms.some((f) => f.suffixed && f.root.endsWith('a') && word.startsWith(f.root) && word.slice(f.root.length).startsWith('nde'))) return remember(splitCache, word, null) ?? undefined;
  // A word the lexicon reads only as a verb's tense (present, past, supine) splits as the verb does:
  // "skapar" is skapa + r, not ska + par; "sommarjobbar" still sommar + jobba. Nouns made with a verb's suffix (vägledare) are not tenses.
  const readings = forms.filter((f) => standsAlone(lex, f.rootFlags));
  if (readings.length && readings.every((f) => VERB_FLAGS.includes(f.rule)) && readings.every((f) => !decompound(f.root, lex))) {
    return remember(splitCache, word, null) ?? undefined;
  }
  // A word the lexicon knows (välgörenhet, validering) splits in two at most; more parts there are chance.
  const known = forms.some((f) => standsAlone(lex, f.rootFlags));
  const maxParts = known ? 2 : 4;
  const verbEnd = known ? particleVerbEnd(lex, word, forms) : undefined;
  // best[i]: the best way to read word[i..] as middle/last parts (first = i === 0).
  const best: (Candidate | null)[] = Array.from({ length: word.length + 1 }, () => null);
  for (let i = word.length - MIN_PART; i >= 0; i--) {
    let chosen: Candidate | null = null;
    const last = i > 0 ? trailingPart(lex, word.slice(i)) : undefined;
    if (last !== undefined) chosen = { parts: [last], loose: 0, lastStart: i };
    for (let j = i + MIN_PART; j <= word.length - MIN_PART; j++) {
      const rest = best[j];
      if (!rest) continue;
      const lead = leadingPart(lex, word.slice(i, j), i === 0, known);
      if (!lead || (known && (particleNoun(lead, rest) || (i === 0 && verbEnd !== undefined && j < verbEnd)))) continue;
      const c = { parts: [lead.lemma, ...rest.parts], loose: rest.loose + (lead.loose ? 1 : 0), lastStart: rest.lastStart };
      // One part from outside the compound flags is a reasonable guess; two are usually a misreading.
      if (c.loose > 1 || c.parts.length > maxParts) continue;
      if (!chosen || c.parts.length < chosen.parts.length || (c.parts.length === chosen.parts.length && c.loose < chosen.loose)) chosen = c;
    }
    best[i] = chosen;
  }
  const whole = best[0];
  const result = whole && whole.parts.length > 1 ? { parts: whole.parts, lastStart: whole.lastStart } : null;
  return remember(splitCache, word, result) ?? undefined;
}

/**
 * Every part of a compound, its own parts too (arbetsmarknad → arbete, marknad),
 * without the word's own lemma. Empty for a word that is not a compound.
 */
export function compoundParts(word: string, lex: Lexicon = swedishLexicon(), depth = 0): string[] {
  const split = decompound(word, lex);
  if (!split || depth > 2) return [];
  const out: string[] = [];
  for (const part of split.parts) out.push(part, ...compoundParts(part, lex, depth + 1));
  return [...new Set(out)];
}
