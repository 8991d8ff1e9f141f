// Every page of the site, in the order express matches them. Add a page here.
import type { PageRoute } from '../server/page';
import { casePage } from './case';
import { stillRunningPage } from './still-running';
// The editor's /praktik/ny must come before /praktik/:slug.
import { editCasePage, newCasePage } from './editor';
import { localitiesPage } from './localities';
import { myWorkPage } from './my-work';
import { revisionsPage } from './revisions';
import { homePage } from './home';
import { searchPage } from './search';
import { municipalityIndexPage, municipalityPage } from './municipality';
import { networkPage } from './network';
import { signInPage } from './sign-in';
import { signOutPage } from './sign-out';
import { accountPage } from './account';
import { accountSessionsPage } from './account-sessions';
import { accountTokensPage } from './account-tokens';
import { forgotPasswordPage } from './forgot-password';
import { setPasswordPage } from './set-password';
import { themeIndexPage, themePage } from './themes';
// Study visits, hosting offers and review (issue 15).
import { hostingOfferPage } from './hosting-offer';
import { reviewCasePage, reviewQueuePage } from './review';
import { visitPage } from './visit';
import { visitRequestPage } from './visit-request';
import { visitsPage } from './visits';

export const PAGES: readonly PageRoute[] = [homePage, searchPage, themeIndexPage, themePage, municipalityIndexPage, municipalityPage, networkPage, newCasePage, editCasePage, revisionsPage, casePage, stillRunningPage, localitiesPage, myWorkPage, signInPage, signOutPage, accountPage, accountSessionsPage, accountTokensPage, setPasswordPage, forgotPasswordPage, visitRequestPage, visitsPage, visitPage, hostingOfferPage, reviewQueuePage, reviewCasePage];
