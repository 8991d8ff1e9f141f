// How the analysis meets the index: the extra document fields built from a case's
// text, the query strings sent to them, and the marking of analysed matches in
// highlights. Each field holds the analysis of every word (once per document), so a
// query of several words can be matched in that field alone, ranked after the text.
import { compoundParts, fold, lemma, lemmaVariants, normalise, unfold, words } from './analyse';

export interface AnalysedFields {
  /** The lemmas of every word, first seen first (böcker → bok, stad → stad). */
  lemmas: string[];
  /** Parts of compounds, lemmatised (stadsbiblioteket → stad, bibliotek). */
  parts: string[];
  /** Words and lemmas with å, ä, ö, é … folded (Gävle → gavle, rådet → radet, rad); the rest are in `lemmas` already. */
  folded: string[];
}

interface WordAnalysis {
  lemmas: string[];
  parts: string[];
  folded: string[];
}

// A corpus repeats its words endlessly; each is analysed once per process (bounded).
const wordCache = new Map<string, WordAnalysis>();
const WORD_CACHE_LIMIT = 200_000;

function analyseWord(word: string): WordAnalysis {
  const hit = wordCache.get(word);
  if (hit) return hit;
  const lemmas = lemmaVariants(word);
  // The lemma folded too, so "rad" (typed for råd) finds "rådet". Only what folding
  // changes: the folded queries also search `lemmas`, which holds every other word.
  const folded = [...new Set([fold(word), fold(lemmas[0])])].filter((f) => f !== word && f !== lemmas[0]);
  const analysis = { lemmas, parts: compoundParts(word), folded };
  if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
  wordCache.set(word, analysis);
  return analysis;
}

/** The analysed fields of some texts, most important text first (positions rank earlier words higher). */
export function analyseTexts(texts: readonly string[]): AnalysedFields {
  const lemmas = new Set<string>();
  const parts = new Set<string>();
  const folded = new Set<string>();
  for (const text of texts) {
    // Normalised as a whole, not word by word: one pass, and a letter written with a
    // combining mark (a + ¨) is composed into one (ä) before the text is cut into words.
    for (const word of words(normalise(text))) {
      const analysis = analyseWord(word);
      for (const l of analysis.lemmas) lemmas.add(l);
      for (const p of analysis.parts) parts.add(p);
      for (const f of analysis.folded) folded.add(f);
    }
  }
  return { lemmas: [...lemmas], parts: [...parts], folded: [...folded] };
}

export interface AnalysedQuery {
  /** The query with each word replaced by its lemma; quotes and operators kept. */
  lemmaQuery: string;
  /** The query itself, when it has no letter that folding changes (typed without å, ä, ö); else undefined. */
  foldedQuery?: string;
  /**
   * For such a query, each word read as the Swedish word it may be, lemmatised and
   * folded again ("las" → läs → läsa → "lasa"); undefined when that changes nothing.
   */
  foldedLemmaQuery?: string;
  /** The query's words and their lemmas (stop words left out), for marking what matched through analysis. */
  tokens: Set<string>;
  /** The query's words folded; used only when the query was typed without å, ä, ö. */
  foldedTokens: Set<string>;
}

export function analyseQuery(typed: string, stopWords: ReadonlySet<string> = new Set()): AnalysedQuery {
  // Composed before it is cut into words, as a document is: "la\u0308s" is "läs".
  const query = typed.normalize('NFC');
  const tokens = new Set<string>();
  const foldedTokens = new Set<string>();
  const lemmaQuery = query.replace(/[\p{L}\p{N}]+/gu, (raw) => {
    const word = normalise(raw);
    // Stop words stay as typed: Meilisearch ignores them, and a lemma could turn one into a word it does not ignore.
    if (stopWords.has(word)) return raw;
    // Typed without å/ä/ö and unknown as typed: lemmatise the word it most likely is (bocker → böcker → bok).
    const l = lemma(unfold(word));
    tokens.add(word).add(l);
    foldedTokens.add(fold(word));
    return l;
  });
  const foldedQuery = fold(query) === query ? query : undefined;
  const foldedLemmaQuery = foldedQuery === undefined ? undefined : foldedLemmas(query, stopWords, foldedTokens);
  return { lemmaQuery, foldedQuery, foldedLemmaQuery: foldedLemmaQuery === foldedQuery ? undefined : foldedLemmaQuery, tokens, foldedTokens };
}

function foldedLemmas(query: string, stopWords: ReadonlySet<string>, foldedTokens: Set<string>): string {
  return query.replace(/[\p{L}\p{N}]+/gu, (raw) => {
    const word = normalise(raw);
    if (stopWords.has(word)) return raw;
    const folded = fold(lemma(unfold(word, undefined, true, stopWords)));
    foldedTokens.add(folded);
    return folded;
  });
}

/** True when a word of a hit matched the query through its lemma, a compound part or folding. */
export function matchesAnalysed(raw: string, query: AnalysedQuery): boolean {
  const word = normalise(raw);
  if (query.tokens.has(word) || query.tokens.has(lemma(word))) return true;
  if (query.foldedQuery !== undefined && query.foldedTokens.has(fold(word))) return true;
  // The word's cached analysis: highlighting meets the same words of the same cases again and again.
  return analyseWord(word).parts.some((p) => query.tokens.has(p));
}

/**
 * Marks, in text Meilisearch has already highlighted (marks between `open` and
 * `close`), the unmarked words that matched through analysis, so a hit found by
 * "böcker" shows "bok" marked and one found by "gavle" shows "Gävle".
 */
export function markAnalysed(text: string, query: AnalysedQuery, open: string, close: string): string {
  let inside = false;
  let out = '';
  for (const piece of text.split(new RegExp(`(${open}|${close})`))) {
    if (piece === open) inside = true;
    else if (piece === close) inside = false;
    if (inside || piece === open || piece === close) {
      out += piece;
      continue;
    }
    out += piece.replace(/[\p{L}\p{N}]+/gu, (w) => (matchesAnalysed(w, query) ? `${open}${w}${close}` : w));
  }
  return out;
}
