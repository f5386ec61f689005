/** Injection tokens for values the API receives from its start-up (not Nest classes). */
export const APP_CONFIG = Symbol('AppConfig');
