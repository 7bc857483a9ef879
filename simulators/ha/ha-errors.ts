/** The exceptions HA's handlers raise, so the websocket and REST layers map them as HA does. */

/** `homeassistant.exceptions.Unauthorized`: websocket `unauthorized`, REST 401. */
export class Unauthorized extends Error {
  constructor() {
    super('Unauthorized');
  }
}

/** `vol.Invalid`: websocket `invalid_format`, REST 400. The message is voluptuous' text. */
export class Invalid extends Error {}

export class ServiceNotFound extends Error {
  constructor(
    readonly domain: string,
    readonly service: string,
  ) {
    super(`Service ${domain}.${service} not found.`);
  }
}

/** `ServiceValidationError`: websocket `service_validation_error`. */
export class ServiceValidationError extends Error {}

export class InvalidEntityFormatError extends Error {}

export class InvalidStateError extends Error {}
