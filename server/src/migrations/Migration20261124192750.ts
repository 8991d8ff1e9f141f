import { Migration } from '@mikro-orm/migrations';

export class Migration20261124192750 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "county" ("code" varchar(2) not null, "name" varchar(255) not null, "short_name" varchar(255) not null, constraint "county_pkey" primary key ("code"));`);

    this.addSql(`create table "municipality" ("code" varchar(4) not null, "name" varchar(255) not null, "short_name" varchar(255) not null, "county_code" varchar(2) not null, "seat" varchar(255) not null, "latitude" double precision not null, "longitude" double precision not null, "coordinates_source" varchar(255) not null, constraint "municipality_pkey" primary key ("code"));`);
    this.addSql(`create index "municipality_county_code_index" on "municipality" ("county_code");`);

    this.addSql(`create table "locality" ("id" serial primary key, "name" varchar(255) not null, "municipality_code" varchar(4) not null, "latitude" double precision not null, "longitude" double precision not null);`);
    this.addSql(`create index "locality_name_index" on "locality" ("name");`);
    this.addSql(`alter table "locality" add constraint "locality_name_municipality_code_unique" unique ("name", "municipality_code");`);

    this.addSql(`create table "theme" ("slug" varchar(64) not null, "parent_slug" varchar(64) null, "label_sv" varchar(255) not null, "label_en" varchar(255) not null, "description_en" text null, "position" int not null default 0, constraint "theme_pkey" primary key ("slug"));`);
    this.addSql(`create index "theme_parent_slug_index" on "theme" ("parent_slug");`);

    this.addSql(`alter table "municipality" add constraint "municipality_county_code_foreign" foreign key ("county_code") references "county" ("code") on update cascade;`);

    this.addSql(`alter table "locality" add constraint "locality_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade;`);

    this.addSql(`alter table "theme" add constraint "theme_parent_slug_foreign" foreign key ("parent_slug") references "theme" ("slug") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "municipality" drop constraint "municipality_county_code_foreign";`);

    this.addSql(`alter table "locality" drop constraint "locality_municipality_code_foreign";`);

    this.addSql(`alter table "theme" drop constraint "theme_parent_slug_foreign";`);

    this.addSql(`drop table if exists "county" cascade;`);

    this.addSql(`drop table if exists "municipality" cascade;`);

    this.addSql(`drop table if exists "locality" cascade;`);

    this.addSql(`drop table if exists "theme" cascade;`);
  }

}
