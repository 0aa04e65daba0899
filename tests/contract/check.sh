#!/usr/bin/env bash
# The API contract checked by tools nobody on the project wrote:
#   1. Redocly's `recommended` ruleset on docs/api/openapi.json (0 errors);
#   2. a TypeScript client generated from it (openapi-typescript + openapi-fetch) that compiles a learner's
#      journey — register, sign in, enrol, take a quiz, read the grade — under --strict, without casts;
#   3. every caption file of courses/ parsed by the W3C validator's WebVTT parser (webvtt-parser), 0 errors;
#   4. with MOOC_API_URL set (e.g. http://localhost:5080, a server in Development), the journey runs against it.
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx redocly lint ../../docs/api/openapi.json --extends recommended --format summary
npx openapi-typescript ../../docs/api/openapi.json -o generated/api.d.ts
npx tsc --strict --noEmit --target es2022 --module nodenext --moduleResolution nodenext --skipLibCheck journey.ts
echo "contract: the generated client compiles the journey under --strict"
node captions.mjs
if [ -n "${MOOC_API_URL:-}" ]; then
  npx tsc --strict --target es2022 --module nodenext --moduleResolution nodenext --skipLibCheck --outDir out journey.ts
  node out/journey.js
fi
