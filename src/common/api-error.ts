import type { Text } from '../core/types.js';

/** One entry of an error body's `details`: the field or fact at fault and what is wrong with it. */
export interface ErrorDetail {
  field?: string;
  fact?: string;
  /** A rules or criteria file, relative to its folder (rules/base.json), with the JSON pointer at fault. */
  file?: string;
  pointer?: string;
  code?: string;
  /** A spreadsheet cell at fault (imports): sheet, row and column. */
  sheet?: string;
  row?: number;
  column?: string;
  message: Text;
}

/** The body of every error answer. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: Text;
  details: ErrorDetail[];
  /** Set when `details` was cut to the configured number (MAX_ERROR_DETAILS): how many details there were in all. */
  detailsTotal?: number;
}

/** An error the API answers as it is: status, stable code, zh/en message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Text,
    readonly details: ErrorDetail[] = [],
  ) {
    super(text.en);
    this.name = 'ApiError';
  }

  /** 404 for a missing record (`what` is e.g. "agency"). */
  static notFound(what: { zh: string; en: string }, id: string): ApiError {
    return new ApiError(404, 'notFound', { zh: `${what.zh}不存在：${id}`, en: `No ${what.en} ${id}` });
  }

  /** 400 with details per field. */
  static badRequest(code: string, text: Text, details: ErrorDetail[] = []): ApiError {
    return new ApiError(400, code, text, details);
  }
}
