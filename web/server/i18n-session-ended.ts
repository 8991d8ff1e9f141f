// Words of the page a form gets when its sign-in ended between loading and sending it
// (web/pages/session-ended.tsx). Kept apart from i18n.ts; the page picks the language.

const sv = {
  title: 'Du är inte inloggad längre',
  description: 'Din inloggning tog slut innan formuläret skickades. Ingenting sparades; det du skrev finns här.',
  lead: 'Din inloggning tog slut (eller byttes) medan du fyllde i formuläret, så ingenting sparades. Det du skrev finns kvar nedan.',
  steps: 'Logga in igen i en ny flik, öppna formuläret där och kopiera in texten härifrån. Stäng inte den här sidan förrän du är klar.',
  signIn: 'Logga in i en ny flik',
  yourInput: 'Det du skrev',
  nothing: 'Formuläret hade inga ifyllda fält att visa.',
  omitted: 'Lösenord visas inte här.',
};

const en: typeof sv = {
  title: 'You are no longer signed in',
  description: 'Your sign-in ended before the form was sent. Nothing was saved; what you wrote is here.',
  lead: 'Your sign-in ended (or changed) while you were filling in the form, so nothing was saved. What you wrote is kept below.',
  steps: 'Sign in again in a new tab, open the form there and copy your text over from here. Keep this page open until you are done.',
  signIn: 'Sign in in a new tab',
  yourInput: 'What you wrote',
  nothing: 'The form had no filled-in fields to show.',
  omitted: 'Passwords are not shown here.',
};

export const SESSION_ENDED_WORDS = { sv, en };
