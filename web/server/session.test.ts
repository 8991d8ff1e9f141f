// The cookie names and flags follow the settings: __Host- and Secure outside
// development, plain names on http://localhost in development (browsers refuse a
// Secure cookie from plain http elsewhere, and __Host- requires Secure).
import 'reflect-metadata';
import type { Response } from 'express';
import { SessionLayer, type SessionLayerDeps } from './session';

function layer(secureCookies: boolean): SessionLayer {
  return new SessionLayer({ settings: { idleMinutes: 120, absoluteHours: 12, secureCookies }, secret: Buffer.alloc(32, 1) } as SessionLayerDeps);
}

function flagsOf(l: SessionLayer): Record<string, unknown> {
  let seen: Record<string, unknown> = {};
  const res = { cookie: (name: string, _value: string, options: Record<string, unknown>) => (seen = { name, ...options }) } as unknown as Response;
  l.setFlash(res, 'hej');
  return seen;
}

test('outside development: __Host- names, Secure, HttpOnly, SameSite=Lax, path /', () => {
  const l = layer(true);
  expect(l.names).toEqual({ session: '__Host-utb_session', form: '__Host-utb_form', flash: '__Host-utb_flash', singleSignOn: '__Host-utb_sso' });
  expect(flagsOf(l)).toMatchObject({ name: '__Host-utb_flash', secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
});

test('in development: plain names and no Secure, still HttpOnly and SameSite=Lax', () => {
  const l = layer(false);
  expect(l.names).toEqual({ session: 'utb_session', form: 'utb_form', flash: 'utb_flash', singleSignOn: 'utb_sso' });
  expect(flagsOf(l)).toMatchObject({ name: 'utb_flash', secure: false, httpOnly: true, sameSite: 'lax' });
});

test('lifetimes come from the settings', () => {
  expect(layer(true).lifetimes).toEqual({ idleMs: 120 * 60_000, absoluteMs: 12 * 3_600_000 });
});
