import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { capped } from '../../core/list-caps';
import { UserError } from '../../core/errors';
import { Organization, OrganizationKind } from './organization.entity';

@InputType({ description: 'A partner organization to add.' })
export class CreateOrganizationInput {
  @Field() name!: string;
  @Field(() => OrganizationKind) kind!: OrganizationKind;
  @Field(() => String, { nullable: true, description: 'Generated from the name when left out.' }) slug?: string | null;
  @Field(() => String, { nullable: true, description: 'Home municipality code.' }) homeMunicipality?: string | null;
  @Field(() => String, { nullable: true }) website?: string | null;
}

@ObjectType({ description: 'The organization as saved, or why not.' })
export class OrganizationPayload {
  @Field(() => Organization, { nullable: true }) organization!: Organization | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Which organizations to list.' })
export class OrganizationFilter {
  @Field(() => [OrganizationKind], { nullable: true, description: capped(20) }) kinds?: OrganizationKind[] | null;
  @Field(() => [String], { nullable: true, description: capped(290, 'Home municipality codes.') }) municipalities?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on the name.' }) search?: string | null;
}

@ArgsType()
export class OrganizationsArgs {
  @Field(() => OrganizationFilter, { nullable: true }) filter?: OrganizationFilter | null;
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}
