import { registerEnumType } from 'type-graphql';

export enum PracticeKind {
  MEETING_PLACE = 'MEETING_PLACE',
  PARTNERSHIP = 'PARTNERSHIP',
  READING_PROJECT = 'READING_PROJECT',
  LANGUAGE_BUDDY = 'LANGUAGE_BUDDY',
  EMPLOYMENT_PROGRAMME = 'EMPLOYMENT_PROGRAMME',
  EDUCATION = 'EDUCATION',
  SPORTS_AND_LEISURE = 'SPORTS_AND_LEISURE',
  CONFERENCE = 'CONFERENCE',
  STUDY = 'STUDY',
  OTHER = 'OTHER',
}
registerEnumType(PracticeKind, { name: 'PracticeKind', description: 'What sort of practice a case describes.' });

export enum TargetGroup {
  NEWCOMERS = 'NEWCOMERS',
  UNACCOMPANIED_MINORS = 'UNACCOMPANIED_MINORS',
  WOMEN = 'WOMEN',
  YOUTH = 'YOUTH',
  CHILDREN_AND_FAMILIES = 'CHILDREN_AND_FAMILIES',
  JOB_SEEKERS = 'JOB_SEEKERS',
  ELDERLY = 'ELDERLY',
  RESIDENTS = 'RESIDENTS',
  PROFESSIONALS = 'PROFESSIONALS',
}
registerEnumType(TargetGroup, { name: 'TargetGroup', description: 'Who a practice is for.' });

export enum CaseStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(CaseStatus, { name: 'CaseStatus', description: 'DRAFT → IN_REVIEW → PUBLISHED → ARCHIVED.' });

export enum LinkKind {
  VIDEO = 'VIDEO',
  REPORT = 'REPORT',
  WEBSITE = 'WEBSITE',
  NEWS = 'NEWS',
}
registerEnumType(LinkKind, { name: 'LinkKind', description: 'What a linked page is.' });
