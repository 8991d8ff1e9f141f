// Words of "sign in with your municipality's account" (web/server/single-sign-on.ts,
// web/pages/single-sign-on.tsx): the button on /logga-in and the pages that explain why
// a sign-in through the identity provider did not work. i18n.ts includes them as
// `singleSignOn`.

const sv = {
  heading: 'Med kommunens konto',
  hint: 'Om din kommun har kopplat sin inloggning till Utbyte kan du logga in med samma konto som på jobbet.',
  button: 'Logga in med kommunens konto',
  refusedTitle: 'Du kan inte logga in med kommunens konto',
  unknown: (email: string) => `Det finns inget konto i Utbyte för ${email}. Konton skapas genom en inbjudan: be en administratör bjuda in den adressen.`,
  unverified: 'Din kommuns inloggning har inte bekräftat din e-postadress, så Utbyte vet inte vilket konto som är ditt. Be den som sköter inloggningen i kommunen att bekräfta adressen, eller logga in med e-post och lösenord.',
  disabled: (email: string) => `Kontot för ${email} är avstängt. Kontakta en administratör om du behöver det igen.`,
  failedTitle: 'Inloggningen blev inte klar',
  failed: 'Svaret från kommunens inloggning gick inte att kontrollera, eller hörde till en annan inloggning. Du är inte inloggad. Börja om från inloggningssidan.',
  expired: 'Inloggningen tog för lång tid eller startades i en annan flik eller webbläsare. Du är inte inloggad. Börja om från inloggningssidan.',
  cancelled: 'Kommunens inloggning avbröts eller nekades. Du är inte inloggad.',
  unavailableTitle: 'Kommunens inloggning svarar inte',
  unavailable: 'Det gick inte att nå kommunens inloggning just nu. Försök igen om en stund, eller logga in med e-post och lösenord.',
  again: 'Till inloggningssidan',
};

const en: typeof sv = {
  heading: "With your municipality's account",
  hint: 'If your municipality has connected its sign-in to Utbyte, you can sign in with the account you use at work.',
  button: "Sign in with your municipality's account",
  refusedTitle: "You cannot sign in with your municipality's account",
  unknown: (email: string) => `Utbyte has no account for ${email}. Accounts are made through an invitation: ask an administrator to invite that address.`,
  unverified: "Your municipality's sign-in has not confirmed your e-mail address, so Utbyte cannot tell which account is yours. Ask whoever runs the sign-in at your municipality to confirm the address, or sign in with e-mail and password.",
  disabled: (email: string) => `The account of ${email} is disabled. Contact an administrator if you need it again.`,
  failedTitle: 'The sign-in did not complete',
  failed: "The answer from your municipality's sign-in could not be checked, or belonged to another sign-in. You are not signed in. Start again from the sign-in page.",
  expired: 'The sign-in took too long or was started in another tab or browser. You are not signed in. Start again from the sign-in page.',
  cancelled: "Your municipality's sign-in was cancelled or refused. You are not signed in.",
  unavailableTitle: "Your municipality's sign-in does not answer",
  unavailable: "Your municipality's sign-in cannot be reached just now. Try again in a while, or sign in with e-mail and password.",
  again: 'To the sign-in page',
};

export const SINGLE_SIGN_ON_WORDS = { sv: { singleSignOn: sv }, en: { singleSignOn: en } };
