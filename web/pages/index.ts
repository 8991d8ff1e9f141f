// Every page of the site, in the order express matches them. Add a page here.
import type { PageRoute } from '../server/page';
import { casePage } from './case';
import { stillRunningPage } from './still-running';
import { homePage } from './home';
import { searchPage } from './search';
import { municipalityIndexPage, municipalityPage } from './municipality';
import { networkPage } from './network';
import { signInPage } from './sign-in';
import { signOutPage } from './sign-out';
import { accountPage } from './account';
import { forgotPasswordPage } from './forgot-password';
import { setPasswordPage } from './set-password';
import { themeIndexPage, themePage } from './themes';

export const PAGES: readonly PageRoute[] = [homePage, searchPage, themeIndexPage, themePage, municipalityIndexPage, municipalityPage, networkPage, casePage, stillRunningPage, signInPage, signOutPage, accountPage, setPasswordPage, forgotPasswordPage];
