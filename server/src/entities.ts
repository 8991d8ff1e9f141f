// Every MikroORM entity, listed explicitly so discovery does not depend on globs
// (the same list works from TypeScript sources in tests and from dist/).
import { County } from './modules/geo/county.entity';
import { Locality } from './modules/geo/locality.entity';
import { Municipality } from './modules/geo/municipality.entity';
import { Theme } from './modules/themes/theme.entity';
import { ApiClient, ApiToken, User } from './modules/accounts/account.entities';
import { AccountLink, SignInThrottle, WebSession } from './modules/accounts/session.entities';
import { Organization } from './modules/organizations/organization.entity';
import { PracticeCase, PracticeCasePartner, PracticeCaseRevision } from './modules/practice-cases/practice-case.entity';
import { ConfirmationDigest } from './modules/practice-cases/confirmation-digest';
import { PracticeCaseReview } from './modules/practice-cases/practice-case.review';
import { SearchOutbox } from './core/search/outbox.entity';
import { DatabaseIdentity } from './core/db/database-identity.entity';
import { IdempotentRequest } from './core/idempotency/idempotent-request.entity';
import { HostingOffer, StudyVisit, StudyVisitEvent } from './modules/study-visits/study-visit.entity';

export const entities = [
  County,
  Municipality,
  Locality,
  Theme,
  User,
  ApiClient,
  ApiToken,
  WebSession,
  AccountLink,
  SignInThrottle,
  Organization,
  PracticeCase,
  PracticeCasePartner,
  PracticeCaseRevision,
  ConfirmationDigest,
  PracticeCaseReview,
  SearchOutbox,
  DatabaseIdentity,
  StudyVisit,
  StudyVisitEvent,
  HostingOffer,
  IdempotentRequest,
];
