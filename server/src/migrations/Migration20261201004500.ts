import { Migration } from '@mikro-orm/migrations';

export class Migration20261201004500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "case_review_action" as enum ('SUBMITTED', 'PUBLISHED', 'RETURNED', 'ARCHIVED');`);
    this.addSql(`create table "practice_case_review" ("id" uuid not null, "practice_case_id" uuid not null, "action" "case_review_action" not null, "note" text null, "actor_id" varchar(255) not null, "actor_name" varchar(255) null, "at" timestamptz not null, constraint "practice_case_review_pkey" primary key ("id"));`);
    this.addSql(`create index "practice_case_review_practice_case_id_at_index" on "practice_case_review" ("practice_case_id", "at");`);
    this.addSql(`alter table "practice_case_review" add constraint "practice_case_review_practice_case_id_foreign" foreign key ("practice_case_id") references "practice_case" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "practice_case_review" cascade;`);
    this.addSql(`drop type if exists "case_review_action";`);
  }

}
