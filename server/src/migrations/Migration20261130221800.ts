import { Migration } from '@mikro-orm/migrations';

/** One row with a random id for this database; the search index records which database it was built from. */
export class Migration20261130221800 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "database_identity" ("id" smallint not null default 1, "database_id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), constraint "database_identity_pkey" primary key ("id"), constraint database_identity_single_row check (id = 1));`);
    this.addSql(`insert into "database_identity" ("id") values (1);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "database_identity" cascade;`);
  }

}
