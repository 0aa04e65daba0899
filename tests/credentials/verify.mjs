// An outside check of one Open Badges 3.0 VC-JWT, with libraries nobody on the project wrote:
// jose verifies the signature against the published key set (the JWK that `kid` names), and ajv validates
// the payload against 1EdTech's JSON schema. Usage: node verify.mjs <folder> holding credential.jwt,
// jwks.json and now.txt (the API's clock, ISO 8601). Prints "verified <alg>" or fails with the reason.
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

// jose uses the Web Crypto API of the global scope, which Node.js has had by default since version 19; Debian 12's
// nodejs is 18, where it is node:crypto's webcrypto only.
globalThis.crypto ??= webcrypto;

const folder = process.argv[2];
const jwt = readFileSync(join(folder, 'credential.jwt'), 'utf8').trim();
const jwks = JSON.parse(readFileSync(join(folder, 'jwks.json'), 'utf8'));
const now = new Date(readFileSync(join(folder, 'now.txt'), 'utf8').trim());
const schemaPath = new URL('../HiParis.Mooc.IntegrationTests/Features/Certificates/OpenBadges/achievementcredential.json', import.meta.url);

const header = decodeProtectedHeader(jwt);
const names = Object.keys(header).sort().join(',');
if (names !== 'alg,kid,typ') throw new Error(`JOSE header has ${names}, expected alg, kid and typ only`);
if (!jwks.keys.some((key) => key.kid === header.kid)) throw new Error(`no key of the JWKS has kid ${header.kid}`);

const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { typ: 'JWT', algorithms: ['RS256', 'ES256'], currentDate: now });
const issuer = typeof payload.issuer === 'string' ? payload.issuer : payload.issuer.id;
if (payload.iss !== issuer) throw new Error(`iss ${payload.iss} is not issuer.id ${issuer}`);
if (payload.sub !== payload.credentialSubject.id) throw new Error(`sub ${payload.sub} is not credentialSubject.id`);
if (payload.jti !== payload.id) throw new Error(`jti ${payload.jti} is not id`);
if (payload.nbf !== Date.parse(payload.validFrom) / 1000) throw new Error(`nbf ${payload.nbf} is not validFrom ${payload.validFrom}`);

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
if (!validate(payload)) throw new Error(`schema: ${ajv.errorsText(validate.errors)}`);
console.log(`verified ${header.alg}`);
