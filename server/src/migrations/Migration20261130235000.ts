import { Migration } from '@mikro-orm/migrations';

/**
 * Every statement that inserts outbox rows also sends a NOTIFY on `utbyte_outbox`, so
 * indexers in other processes (which LISTEN, core/db/notifications.ts) wake at once
 * instead of at their next poll. PostgreSQL delivers it only when the transaction
 * commits, and folds identical notifications of one transaction into one.
 */
export class Migration20261130235000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create or replace function "utbyte_notify_outbox"() returns trigger language plpgsql as $$ begin perform pg_notify('utbyte_outbox', ''); return null; end $$;`);
    this.addSql(`create trigger "search_outbox_notify" after insert on "search_outbox" for each statement execute function "utbyte_notify_outbox"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "search_outbox_notify" on "search_outbox";`);
    this.addSql(`drop function if exists "utbyte_notify_outbox"();`);
  }

}
