import { Migration } from '@mikro-orm/migrations';

/**
 * Rate-limit buckets shared by every server process on the database
 * (core/hardening/shared-rate-limit.ts). One row per caller, holding the moment its
 * leaky bucket will be empty again; a row whose moment has passed means the same as
 * no row, so rows can be deleted at any time.
 *
 * UNLOGGED: the rows are rewritten on every request and worth nothing after a crash
 * (the limits simply start afresh), so they skip the write-ahead log — and with it
 * replication and backups. No index besides the key, so updates stay HOT, and room is
 * left in each page for them.
 */
export class Migration20261201010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create unlogged table "rate_limit_bucket" ("key" text not null, "empty_at" timestamptz not null, "accepted" boolean not null, constraint "rate_limit_bucket_pkey" primary key ("key")) with (fillfactor = 70);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_bucket";`);
  }

}
