// Words of "still running?": the answers under My work, the answer page of one case
// (/praktik/<slug>/bekrafta) and what the case page says about confirmation. Kept apart
// from i18n.ts, which includes them as `stillRunning`.

const sv = {
  title: 'Pågår den fortfarande?',
  description: (title: string) => `Bekräfta att ”${title}” pågår, eller ange när den avslutades.`,
  lastConfirmed: 'Senast bekräftad',
  endedOn: 'Avslutades',
  running: 'Pågår fortfarande',
  endedLabel: 'Avslutades den',
  endedHint: 'Till exempel 2026-03-31.',
  endedSave: 'Spara slutdatum',
  due: 'Kommunen har inte bekräftat på länge att den här praktiken pågår.',
  notDue: 'Praktiken är bekräftad och behöver inget svar nu, men du kan svara ändå.',
  ended: (day: string) => `Praktiken avslutades ${day}. Ändra perioden i redigeringen om den har börjat igen.`,
  notPublished: 'Bara publicerade praktiker bekräftas.',
  answerLink: 'Svara: pågår den fortfarande?',
  confirmed: (title: string) => `Tack! ”${title}” är bekräftad som pågående.`,
  endedSaved: (title: string, day: string) => `”${title}” är markerad som avslutad ${day}.`,
  errorTitle: 'Svaret kunde inte sparas',
  dateRequired: 'Ange dagen praktiken avslutades.',
  dateInvalid: 'Ange ett datum som finns, till exempel 2026-03-31.',
  dateInFuture: 'Dagen kan inte vara senare än i dag. Ett planerat slut anger du i redigeringen.',
  dateBeforeStart: 'Praktiken kan inte ha avslutats innan den började.',
  conflict: 'Någon annan har ändrat praktiken medan du läste. Här är den nya versionen: svara igen.',
  refused: 'Praktiken går inte att bekräfta just nu: den är avslutad eller inte publicerad.',
};

const en: typeof sv = {
  title: 'Is it still running?',
  description: (title: string) => `Confirm that “${title}” is still running, or say when it ended.`,
  lastConfirmed: 'Last confirmed',
  endedOn: 'Ended',
  running: 'Still running',
  endedLabel: 'Ended on',
  endedHint: 'For example 2026-03-31.',
  endedSave: 'Save end date',
  due: 'The municipality has not confirmed for a long time that this practice is still running.',
  notDue: 'The practice is confirmed and needs no answer now, but you may answer anyway.',
  ended: (day: string) => `The practice ended on ${day}. Change its period in the editor if it has started again.`,
  notPublished: 'Only published practices are confirmed.',
  answerLink: 'Answer: is it still running?',
  confirmed: (title: string) => `Thank you! “${title}” is confirmed as still running.`,
  endedSaved: (title: string, day: string) => `“${title}” is marked as ended on ${day}.`,
  errorTitle: 'The answer could not be saved',
  dateRequired: 'Give the day the practice ended.',
  dateInvalid: 'Give a date that exists, for example 2026-03-31.',
  dateInFuture: 'The day cannot be later than today. A planned end is set in the editor.',
  dateBeforeStart: 'The practice cannot have ended before it started.',
  conflict: 'Someone else changed the practice while you were reading. Here is the new version: answer again.',
  refused: 'The practice cannot be confirmed now: it has ended or is not published.',
};

export const STILL_RUNNING_WORDS = { sv: { stillRunning: sv }, en: { stillRunning: en } };
