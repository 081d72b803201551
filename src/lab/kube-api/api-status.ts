/**
 * metav1.Status failure bodies, worded like k8s.io/apimachinery/pkg/api/errors so kubectl prints
 * the same `Error from server (NotFound): kustomizations.kustomize.toolkit.fluxcd.io "x" not found`.
 */
import { qualifiedKind, qualifiedResource } from './catalog.js';
import type { ResourceType } from './types.js';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

type TypeRef = Pick<ResourceType, 'group' | 'plural' | 'kind'>;

/** Details name the resource (plural) in `kind`, as NewNotFound(qualifiedResource, name) does. */
function resourceDetails(t: TypeRef, name: string): StatusDetails {
  return { name, ...(t.group ? { group: t.group } : {}), kind: t.plural };
}

export const notFound = (t: TypeRef, name: string): ApiStatusError =>
  new ApiStatusError(404, 'NotFound', `${qualifiedResource(t)} "${name}" not found`, resourceDetails(t, name));

export const alreadyExists = (t: TypeRef, name: string): ApiStatusError =>
  new ApiStatusError(409, 'AlreadyExists', `${qualifiedResource(t)} "${name}" already exists`, resourceDetails(t, name));

export const conflict = (t: TypeRef, name: string): ApiStatusError =>
  new ApiStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(t, name),
  );

/** 422 with one cause per field, message `Kind.group "name" is invalid: field: Invalid value: …`. */
export function invalid(t: TypeRef, name: string, causes: StatusCause[]): ApiStatusError {
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const list = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
  return new ApiStatusError(422, 'Invalid', `${qualifiedKind(t)} "${name}" is invalid: ${list}`, {
    name,
    ...(t.group ? { group: t.group } : {}),
    kind: t.kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, ...(c.field ? { field: c.field } : {}) })),
  });
}

/** A patch that parses but cannot be applied (NewGenericServerResponse with 422). */
export const unprocessable = (message: string): ApiStatusError => new ApiStatusError(422, 'Invalid', message, {});

export const badRequest = (message: string): ApiStatusError => new ApiStatusError(400, 'BadRequest', message);

export const unsupportedMediaType = (accepted: string[]): ApiStatusError =>
  new ApiStatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);

export const pathNotFound = (): ApiStatusError => new ApiStatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export const methodNotAllowed = (): ApiStatusError =>
  new ApiStatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unauthorized = (): ApiStatusError => new ApiStatusError(401, 'Unauthorized', 'Unauthorized');

/** What a watch sends (as an ERROR event) when the requested resourceVersion was compacted away. */
export const expired = (requested: string, oldest: number): ApiStatusError =>
  new ApiStatusError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
