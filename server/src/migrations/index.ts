// Every migration, in order. `npm run migration:create` writes a new file here;
// add it to this list in the same commit.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124192750 } from './Migration20261124192750';
import { Migration20261124193522 } from './Migration20261124193522';
import { Migration20261124194046 } from './Migration20261124194046';
import { Migration20261130221632 } from './Migration20261130221632';
import { Migration20261130221800 } from './Migration20261130221800';
import { Migration20261130235000 } from './Migration20261130235000';
import { Migration20261201004500 } from './Migration20261201004500';
import { Migration20261201010000 } from './Migration20261201010000';
import { Migration20261201012000 } from './Migration20261201012000';
import { Migration20261201030000 } from './Migration20261201030000';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124192750_reference_data', class: Migration20261124192750 },
  { name: 'Migration20261124193522_practice_cases_accounts_outbox', class: Migration20261124193522 },
  { name: 'Migration20261124194046_study_visits_hosting_offers', class: Migration20261124194046 },
  { name: 'Migration20261130221632_idempotent_requests', class: Migration20261130221632 },
  { name: 'Migration20261130221800_database_identity', class: Migration20261130221800 },
  { name: 'Migration20261130235000_outbox_notify', class: Migration20261130235000 },
  { name: 'Migration20261201004500_case_review_history', class: Migration20261201004500 },
  { name: 'Migration20261201010000_rate_limit_bucket', class: Migration20261201010000 },
  { name: 'Migration20261201012000_web_sign_in', class: Migration20261201012000 },
  { name: 'Migration20261201030000_confirmation_digest', class: Migration20261201030000 },
];
