// The Swedish lexicon behind search analysis: the Hunspell dictionary of the
// `dictionary-sv` package (LGPL-3.0, read as data, unmodified), parsed once on first
// use. We keep the roots and their flags and the suffix rules; inflected forms are
// recognised by undoing a suffix (as Hunspell's own stemmer does) rather than by
// expanding every form up front, which would cost several times the memory.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Compound flags as the dictionary's .aff declares them (checked when parsing). */
export interface CompoundFlags {
  begin: string;
  middle: string;
  end: string;
  onlyInCompound: string;
  forbidden: string;
  needAffix: string;
}

export interface SuffixRule {
  flag: string;
  strip: string;
  add: string;
  /** Flags the suffixed form carries itself, e.g. `stads` made by `v` may begin a compound. */
  continuation: string;
  condition: RegExp;
}

export interface Lexicon {
  /** Lower-cased root → its flags (several homographs merged). */
  roots: Map<string, string>;
  /** Suffix rules keyed by the text they add ("" for rules that only strip). */
  suffixesByAdd: Map<string, SuffixRule[]>;
  longestAdd: number;
  flags: CompoundFlags;
}

/** dictionary-sv's flag for verb conjugations (present, past, supine: läser, läste). */
const VERB_FLAG = 'K';
/** The flags that make a root a verb: those conjugations, or the present in -r of the first groups (visar, går, ger). */
export const VERB_FLAGS: readonly string[] = [VERB_FLAG, 'm'];
/** Its genitive -s: a reading of last resort, since almost any word can end in s. */
export const GENITIVE_FLAG = 'A';

/** A form of a root: the word itself, or the root with one suffix rule applied. */
export interface Form {
  root: string;
  rootFlags: string;
  /** Flags of the form: the root's when unsuffixed, the rule's continuation otherwise. */
  formFlags: string;
  suffixed: boolean;
  /** The suffix rule's flag; empty for the root itself. */
  rule: string;
}

function flagOf(aff: string, name: string, fallback: string): string {
  return new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(aff)?.[1] ?? fallback;
}

/** Parses the .aff's suffix rules (the Swedish dictionary has no prefixes). */
export function parseAffixes(aff: string): { suffixesByAdd: Map<string, SuffixRule[]>; longestAdd: number; flags: CompoundFlags } {
  const suffixesByAdd = new Map<string, SuffixRule[]>();
  let longestAdd = 0;
  for (const line of aff.split('\n')) {
    const m = /^SFX\s+(\S)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!m || /^[YN]$/.test(m[3]) && /^\d+$/.test(m[4])) continue; // the rule group's header
    const [, flag, strip, addField, condition] = m;
    const [addText, continuation = ''] = addField.split('/');
    const add = addText === '0' ? '' : addText.toLocaleLowerCase('sv');
    const rule: SuffixRule = { flag, strip: strip === '0' ? '' : strip.toLocaleLowerCase('sv'), add, continuation, condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u') };
    suffixesByAdd.set(add, [...(suffixesByAdd.get(add) ?? []), rule]);
    longestAdd = Math.max(longestAdd, add.length);
  }
  const flags: CompoundFlags = {
    begin: flagOf(aff, 'COMPOUNDBEGIN', 'X'),
    middle: flagOf(aff, 'COMPOUNDMIDDLE', 'U'),
    end: flagOf(aff, 'COMPOUNDEND', 'Y'),
    onlyInCompound: flagOf(aff, 'ONLYINCOMPOUND', 'Z'),
    forbidden: flagOf(aff, 'FORBIDDENWORD', '%'),
    needAffix: flagOf(aff, 'NEEDAFFIX', '¤'),
  };
  return { suffixesByAdd, longestAdd, flags };
}

/** Parses the .dic: one `word/FLAGS` a line; multi-word entries are skipped (we analyse single words). */
export function parseRoots(dic: string): Map<string, string> {
  const roots = new Map<string, string>();
  const lines = dic.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.includes(' ')) continue;
    const slash = line.indexOf('/');
    const word = (slash < 0 ? line : line.slice(0, slash)).trim().toLocaleLowerCase('sv');
    if (word.length < 2 || !/^\p{L}+$/u.test(word)) continue;
    const flags = slash < 0 ? '' : line.slice(slash + 1).trim();
    const had = roots.get(word);
    roots.set(word, had === undefined ? flags : mergeFlags(had, flags));
  }
  return roots;
}

/**
 * Two homographs (noun and verb "stöd") share a key. Their flags are merged, except
 * that a restriction only one of them has (compound-only, forbidden, needs an affix)
 * would wrongly apply to the other, so such a flag is kept only when both have it.
 */
function mergeFlags(a: string, b: string): string {
  const restricting = 'Z%¤';
  const out = new Set<string>();
  for (const f of a + b) if (!restricting.includes(f) || (a.includes(f) && b.includes(f))) out.add(f);
  return [...out].join('');
}

export function buildLexicon(aff: string, dic: string): Lexicon {
  return { ...parseAffixes(aff), roots: parseRoots(dic) };
}

let cached: Lexicon | undefined;

/** The dictionary-sv lexicon, read from the package on first use and kept for the process. */
export function swedishLexicon(): Lexicon {
  if (!cached) {
    const dir = dirname(require.resolve('dictionary-sv'));
    cached = buildLexicon(readFileSync(join(dir, 'index.aff'), 'utf8'), readFileSync(join(dir, 'index.dic'), 'utf8'));
  }
  return cached;
}

/** True when the root may stand as a word of its own (not compound-only, forbidden or affix-only). */
export function standsAlone(lex: Lexicon, flags: string): boolean {
  const f = lex.flags;
  return !flags.includes(f.onlyInCompound) && !flags.includes(f.forbidden) && !flags.includes(f.needAffix);
}

/** Every way `word` (lower-case) is a root or a root plus one suffix rule. */
export function formsOf(lex: Lexicon, word: string): Form[] {
  const out: Form[] = [];
  const own = lex.roots.get(word);
  if (own !== undefined) out.push({ root: word, rootFlags: own, formFlags: own, suffixed: false, rule: '' });
  // The imperative of a verb is its infinitive without -a (läs, läsa); the dictionary leaves it out.
  const verb = lex.roots.get(`${word}a`);
  if (verb !== undefined && verb.includes(VERB_FLAG)) out.push({ root: `${word}a`, rootFlags: verb, formFlags: '', suffixed: true, rule: 'imperative' });
  for (let n = 0; n <= Math.min(lex.longestAdd, word.length - 1); n++) {
    const add = word.slice(word.length - n);
    for (const rule of lex.suffixesByAdd.get(add) ?? []) {
      const root = word.slice(0, word.length - n) + rule.strip;
      const flags = lex.roots.get(root);
      if (flags === undefined || !flags.includes(rule.flag) || !rule.condition.test(root) || flags.includes(lex.flags.forbidden)) continue;
      out.push({ root, rootFlags: flags, formFlags: rule.continuation, suffixed: true, rule: rule.flag });
    }
  }
  return out;
}
