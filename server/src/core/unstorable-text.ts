// Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate). The API's
// hardening refuses it in variables and documents; the website in form fields and URLs.
// A module of its own so that the website can use it without loading the API's plugins.
export const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
