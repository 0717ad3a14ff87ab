// The one place that reads package.json: the version every status route reports.
import { version } from '../../../../package.json';

export const APP_VERSION: string = version;
