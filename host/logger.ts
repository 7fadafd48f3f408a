// The one logger (platform/logger.ts) for the desktop shell, which reaches platform/ through host/.
export { consoleLogger, openLogger, processLogger, type Logger } from '../platform/logger.ts';
