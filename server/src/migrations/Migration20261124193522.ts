import { Migration } from '@mikro-orm/migrations';

export class Migration20261124193522 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "organization_kind" as enum ('CIVIL_SOCIETY', 'AGENCY', 'REGION', 'UNIVERSITY', 'BUSINESS', 'FAITH_COMMUNITY', 'MUNICIPAL_UNIT');`);
    this.addSql(`create type "language" as enum ('SV', 'EN');`);
    this.addSql(`create type "practice_kind" as enum ('MEETING_PLACE', 'PARTNERSHIP', 'READING_PROJECT', 'LANGUAGE_BUDDY', 'EMPLOYMENT_PROGRAMME', 'EDUCATION', 'SPORTS_AND_LEISURE', 'CONFERENCE', 'STUDY', 'OTHER');`);
    this.addSql(`create type "target_group" as enum ('NEWCOMERS', 'UNACCOMPANIED_MINORS', 'WOMEN', 'YOUTH', 'CHILDREN_AND_FAMILIES', 'JOB_SEEKERS', 'ELDERLY', 'RESIDENTS', 'PROFESSIONALS');`);
    this.addSql(`create type "case_status" as enum ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'ARCHIVED');`);
    this.addSql(`create type "user_role" as enum ('OFFICIAL', 'EDITOR', 'REVIEWER', 'ADMIN');`);
    this.addSql(`create table "organization" ("id" uuid not null, "slug" varchar(80) not null, "name" varchar(255) not null, "kind" "organization_kind" not null, "home_municipality_code" varchar(4) null, "website" varchar(255) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`alter table "organization" add constraint "organization_slug_unique" unique ("slug");`);
    this.addSql(`create index "organization_home_municipality_code_index" on "organization" ("home_municipality_code");`);

    this.addSql(`create table "api_client" ("id" uuid not null, "name" varchar(255) not null, "organization_id" uuid not null, "municipality_code" varchar(4) null, "scopes" text[] not null, "created_at" timestamptz not null, "disabled_at" timestamptz null, constraint "api_client_pkey" primary key ("id"));`);

    this.addSql(`create table "practice_case" ("id" uuid not null, "slug" varchar(120) not null, "title" varchar(200) not null, "summary" varchar(500) not null, "body" text not null, "language" "language" not null, "kind" "practice_kind" not null, "municipality_code" varchar(4) not null, "participant_codes" text[] not null, "theme_slugs" text[] not null, "target_groups" "target_group"[] not null, "places" jsonb not null, "started_on" date null, "ended_on" date null, "outcomes" jsonb not null, "funding" jsonb not null, "links" jsonb not null, "contacts" jsonb not null, "adapted_from_id" uuid null, "adaptation_note" text null, "status" "case_status" not null default 'DRAFT', "version" int not null default 1, "published_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_confirmed_at" timestamptz null, "created_by" varchar(255) null, constraint "practice_case_pkey" primary key ("id"));`);
    this.addSql(`alter table "practice_case" add constraint "practice_case_slug_unique" unique ("slug");`);
    this.addSql(`create index "practice_case_municipality_code_index" on "practice_case" ("municipality_code");`);
    this.addSql(`create index "practice_case_adapted_from_id_index" on "practice_case" ("adapted_from_id");`);
    this.addSql(`create index "practice_case_participant_codes_gin" on "practice_case" using gin ("participant_codes");`);
    this.addSql(`create index "practice_case_theme_slugs_gin" on "practice_case" using gin ("theme_slugs");`);
    this.addSql(`create index "practice_case_status_updated_at_id_index" on "practice_case" ("status", "updated_at", "id");`);
    this.addSql(`create index "practice_case_status_published_at_id_index" on "practice_case" ("status", "published_at", "id");`);

    this.addSql(`create table "practice_case_partner" ("id" uuid not null, "practice_case_id" uuid not null, "organization_id" uuid not null, "role" varchar(200) not null, "position" int not null, constraint "practice_case_partner_pkey" primary key ("id"));`);
    this.addSql(`create index "practice_case_partner_practice_case_id_index" on "practice_case_partner" ("practice_case_id");`);
    this.addSql(`create index "practice_case_partner_organization_id_practice_case_id_index" on "practice_case_partner" ("organization_id", "practice_case_id");`);

    this.addSql(`create table "practice_case_revision" ("id" uuid not null, "practice_case_id" uuid not null, "number" int not null, "content" jsonb not null, "published_by" varchar(255) null, "published_at" timestamptz not null, constraint "practice_case_revision_pkey" primary key ("id"));`);
    this.addSql(`alter table "practice_case_revision" add constraint "practice_case_revision_practice_case_id_number_unique" unique ("practice_case_id", "number");`);

    this.addSql(`create table "search_outbox" ("id" bigserial primary key, "entity_type" varchar(40) not null, "entity_id" varchar(64) not null, "created_at" timestamptz not null, "available_at" timestamptz not null, "attempts" int not null default 0, "last_error" text null);`);
    this.addSql(`create index "search_outbox_available_at_id_index" on "search_outbox" ("available_at", "id");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "name" varchar(255) not null, "email" varchar(255) not null, "role" "user_role" not null, "municipality_code" varchar(4) null, "created_at" timestamptz not null, "disabled_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "api_token" ("id" uuid not null, "hash" varchar(64) not null, "prefix" varchar(16) not null, "name" varchar(255) not null, "user_id" uuid null, "client_id" uuid null, "scopes" text[] not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_token" add constraint "api_token_hash_unique" unique ("hash");`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`create index "api_token_client_id_index" on "api_token" ("client_id");`);

    this.addSql(`alter table "organization" add constraint "organization_home_municipality_code_foreign" foreign key ("home_municipality_code") references "municipality" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "api_client" add constraint "api_client_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "api_client" add constraint "api_client_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "practice_case" add constraint "practice_case_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade;`);
    this.addSql(`alter table "practice_case" add constraint "practice_case_adapted_from_id_foreign" foreign key ("adapted_from_id") references "practice_case" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "practice_case_partner" add constraint "practice_case_partner_practice_case_id_foreign" foreign key ("practice_case_id") references "practice_case" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "practice_case_partner" add constraint "practice_case_partner_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "practice_case_revision" add constraint "practice_case_revision_practice_case_id_foreign" foreign key ("practice_case_id") references "practice_case" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_user" add constraint "app_user_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "api_token" add constraint "api_token_client_id_foreign" foreign key ("client_id") references "api_client" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_client" drop constraint "api_client_organization_id_foreign";`);

    this.addSql(`alter table "practice_case_partner" drop constraint "practice_case_partner_organization_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_client_id_foreign";`);

    this.addSql(`alter table "practice_case" drop constraint "practice_case_adapted_from_id_foreign";`);

    this.addSql(`alter table "practice_case_partner" drop constraint "practice_case_partner_practice_case_id_foreign";`);

    this.addSql(`alter table "practice_case_revision" drop constraint "practice_case_revision_practice_case_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "api_client" cascade;`);

    this.addSql(`drop table if exists "practice_case" cascade;`);

    this.addSql(`drop table if exists "practice_case_partner" cascade;`);

    this.addSql(`drop table if exists "practice_case_revision" cascade;`);

    this.addSql(`drop table if exists "search_outbox" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop type "organization_kind";`);
    this.addSql(`drop type "language";`);
    this.addSql(`drop type "practice_kind";`);
    this.addSql(`drop type "target_group";`);
    this.addSql(`drop type "case_status";`);
    this.addSql(`drop type "user_role";`);
  }

}
