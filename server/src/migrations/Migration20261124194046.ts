import { Migration } from '@mikro-orm/migrations';

export class Migration20261124194046 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "study_visit_format" as enum ('ON_SITE', 'DIGITAL');`);
    this.addSql(`create type "study_visit_status" as enum ('REQUESTED', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'COMPLETED');`);
    this.addSql(`create table "hosting_offer" ("id" uuid not null, "municipality_code" varchar(4) not null, "hosts" boolean not null, "case_ids" text[] not null, "languages" "language"[] not null, "max_visits_per_quarter" int null, "digital_possible" boolean not null, "note" text null, "version" int not null default 1, "updated_at" timestamptz not null, constraint "hosting_offer_pkey" primary key ("id"));`);
    this.addSql(`alter table "hosting_offer" add constraint "hosting_offer_municipality_code_unique" unique ("municipality_code");`);

    this.addSql(`create table "study_visit" ("id" uuid not null, "host_municipality_code" varchar(4) not null, "visiting_municipality_code" varchar(4) not null, "visiting_organization_id" uuid null, "practice_case_id" uuid null, "purpose" text not null, "participants" int not null, "proposed_dates" jsonb not null, "preferred_language" "language" not null, "format" "study_visit_format" not null, "status" "study_visit_status" not null default 'REQUESTED', "scheduled_start" date null, "scheduled_end" date null, "window_start" date not null, "window_end" date not null, "exceeds_host_capacity" boolean not null default false, "decline_reason" text null, "cancel_reason" text null, "report_learned" text null, "report_plan_to_adapt" text null, "report_follow_up_case_id" uuid null, "reported_at" timestamptz null, "contact" jsonb null, "requested_by" varchar(255) not null, "idempotency_key" varchar(255) null, "request_hash" varchar(64) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "study_visit_pkey" primary key ("id"));`);
    this.addSql(`create index "study_visit_practice_case_id_index" on "study_visit" ("practice_case_id");`);
    this.addSql(`create index "study_visit_visiting_municipality_code_status_wind_330be_index" on "study_visit" ("visiting_municipality_code", "status", "window_start");`);
    this.addSql(`create index "study_visit_host_municipality_code_status_window_start_index" on "study_visit" ("host_municipality_code", "status", "window_start");`);
    this.addSql(`alter table "study_visit" add constraint "study_visit_idempotency_unique" unique ("requested_by", "idempotency_key");`);

    this.addSql(`create table "study_visit_event" ("id" uuid not null, "visit_id" uuid not null, "at" timestamptz not null, "actor_id" varchar(255) not null, "actor_name" varchar(255) null, "from_status" "study_visit_status" null, "to_status" "study_visit_status" not null, "note" text null, constraint "study_visit_event_pkey" primary key ("id"));`);
    this.addSql(`create index "study_visit_event_visit_id_at_index" on "study_visit_event" ("visit_id", "at");`);

    this.addSql(`alter table "hosting_offer" add constraint "hosting_offer_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade;`);

    this.addSql(`alter table "study_visit" add constraint "study_visit_host_municipality_code_foreign" foreign key ("host_municipality_code") references "municipality" ("code") on update cascade;`);
    this.addSql(`alter table "study_visit" add constraint "study_visit_visiting_municipality_code_foreign" foreign key ("visiting_municipality_code") references "municipality" ("code") on update cascade;`);
    this.addSql(`alter table "study_visit" add constraint "study_visit_visiting_organization_id_foreign" foreign key ("visiting_organization_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "study_visit" add constraint "study_visit_practice_case_id_foreign" foreign key ("practice_case_id") references "practice_case" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "study_visit" add constraint "study_visit_report_follow_up_case_id_foreign" foreign key ("report_follow_up_case_id") references "practice_case" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "study_visit_event" add constraint "study_visit_event_visit_id_foreign" foreign key ("visit_id") references "study_visit" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "study_visit_event" drop constraint "study_visit_event_visit_id_foreign";`);

    this.addSql(`drop table if exists "hosting_offer" cascade;`);

    this.addSql(`drop table if exists "study_visit" cascade;`);

    this.addSql(`drop table if exists "study_visit_event" cascade;`);

    this.addSql(`drop type "study_visit_format";`);
    this.addSql(`drop type "study_visit_status";`);
  }

}
