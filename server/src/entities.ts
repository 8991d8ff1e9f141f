// Every MikroORM entity, listed explicitly so discovery does not depend on globs
// (the same list works from TypeScript sources in tests and from dist/).
import { County } from './modules/geo/county.entity';
import { Locality } from './modules/geo/locality.entity';
import { Municipality } from './modules/geo/municipality.entity';
import { Theme } from './modules/themes/theme.entity';

export const entities = [County, Municipality, Locality, Theme];
