import { Migration } from '@mikro-orm/migrations';

/**
 * The "still running?" digests sent, one row per person and day. The unique (day, user)
 * pair is how server replicas agree that only one of them sends a given digest.
 */
export class Migration20261201030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "confirmation_digest" ("id" uuid not null, "day" date not null, "user_id" uuid not null, "case_ids" uuid[] not null, "claimed_at" timestamptz not null, "sent_at" timestamptz null, constraint "confirmation_digest_pkey" primary key ("id"));`);
    this.addSql(`alter table "confirmation_digest" add constraint "confirmation_digest_day_user_id_unique" unique ("day", "user_id");`);
    this.addSql(`create index "confirmation_digest_user_id_day_index" on "confirmation_digest" ("user_id", "day");`);
    this.addSql(`alter table "confirmation_digest" add constraint "confirmation_digest_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "confirmation_digest" cascade;`);
  }

}
