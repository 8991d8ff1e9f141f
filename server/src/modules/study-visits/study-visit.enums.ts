import { registerEnumType } from 'type-graphql';

export enum StudyVisitStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(StudyVisitStatus, { name: 'StudyVisitStatus', description: 'REQUESTED → ACCEPTED | DECLINED | CANCELLED; ACCEPTED → COMPLETED | CANCELLED.' });

export enum StudyVisitFormat {
  ON_SITE = 'ON_SITE',
  DIGITAL = 'DIGITAL',
}
registerEnumType(StudyVisitFormat, { name: 'StudyVisitFormat', description: 'Whether the visitors come in person or meet online.' });

export enum ExchangeEdgeKind {
  STUDY_VISIT = 'STUDY_VISIT',
  ADAPTATION = 'ADAPTATION',
}
registerEnumType(ExchangeEdgeKind, { name: 'ExchangeEdgeKind', description: 'STUDY_VISIT: visitor → host (completed visits). ADAPTATION: adopter → origin (adaptedFrom).' });
