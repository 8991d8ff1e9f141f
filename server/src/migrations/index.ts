// Every migration, in order. `npm run migration:create` writes a new file here;
// add it to this list in the same commit.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124192750 } from './Migration20261124192750';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124192750_reference_data', class: Migration20261124192750 },
];
