/** SHA-256 of a UTF-8 string, lower-case hex. */
export function sha256Hex(text: string): string;
