/**
 * SPID-like test users of the sandbox IdP. People are invented; fiscal codes are well formed
 * (valid check character) so the api accepts them. Every password is "password".
 * Enti: Comune di Trieste, IPA code c_l424; Comune di Medea, IPA code c_f081 (IPA codes of comuni
 * are "c_" + the Belfiore code: Trieste L424, Medea F081).
 */
export const TEST_PASSWORD = 'password';

export const SPID_L2 = 'https://www.spid.gov.it/SpidL2';
export const SPID_L3 = 'https://www.spid.gov.it/SpidL3';

export interface TestUser {
  /** Login name and `sub` of the tokens. */
  username: string;
  name: string;
  familyName: string;
  /** SPID `fiscalNumber` claim: TINIT-<codice fiscale>. */
  fiscalNumber: string;
  email: string;
  /** Level of assurance, sent as `acr`. */
  acr: typeof SPID_L2 | typeof SPID_L3;
  /** Staff roles (claim `sus_roles`), with the org units worked in; absent for citizens. */
  roles?: { ente?: string; role: string; units?: string[] }[];
  /** Shown on the login page. */
  description: string;
}

export const TEST_USERS: readonly TestUser[] = [
  {
    username: 'mario.rossi',
    name: 'Mario',
    familyName: 'Rossi',
    fiscalNumber: 'TINIT-RSSMRA80A01L424F',
    email: 'mario.rossi@example.it',
    acr: SPID_L2,
    description: 'cittadino, SPID livello 2',
  },
  {
    username: 'giulia.bianchi',
    name: 'Giulia',
    familyName: 'Bianchi',
    fiscalNumber: 'TINIT-BNCGLI85C55L424K',
    email: 'giulia.bianchi@example.it',
    acr: SPID_L3,
    description: 'cittadina, SPID livello 3',
  },
  {
    username: 'luca.verdi',
    name: 'Luca',
    familyName: 'Verdi',
    fiscalNumber: 'TINIT-VRDLCU72S30F081P',
    email: 'luca.verdi@example.it',
    acr: SPID_L2,
    description: 'cittadino residente a Medea, SPID livello 2',
  },
  {
    username: 'anna.ferrari',
    name: 'Anna',
    familyName: 'Ferrari',
    fiscalNumber: 'TINIT-FRRNNA90E50F081R',
    email: 'anna.ferrari@example.it',
    acr: SPID_L2,
    description: 'cittadina, SPID livello 2',
  },
  {
    username: 'operatore.trieste',
    name: 'Paolo',
    familyName: 'Costa',
    fiscalNumber: 'TINIT-CSTPLA68H12L424D',
    email: 'paolo.costa@comune.trieste.example',
    acr: SPID_L2,
    roles: [{ ente: 'c_l424', role: 'operator', units: ['UFF-STC'] }],
    description: "operatore dell'Ufficio Stato Civile del Comune di Trieste (c_l424)",
  },
  {
    username: 'tributi.trieste',
    name: 'Chiara',
    familyName: 'Russo',
    fiscalNumber: 'TINIT-RSSCHR82P48L424W',
    email: 'chiara.russo@comune.trieste.example',
    acr: SPID_L2,
    roles: [{ ente: 'c_l424', role: 'operator', units: ['UFF-TRI'] }],
    description: "operatrice dell'Ufficio Tributi del Comune di Trieste (c_l424)",
  },
  {
    username: 'modellatore.trieste',
    name: 'Giorgio',
    familyName: 'Di Lisi',
    fiscalNumber: 'TINIT-DLSGRG65M10L424R',
    email: 'giorgio.dilisi@comune.trieste.example',
    acr: SPID_L2,
    roles: [{ ente: 'c_l424', role: 'modeller' }],
    description: 'modellatore di procedimenti del Comune di Trieste (c_l424)',
  },
  {
    username: 'admin.trieste',
    name: 'Stefano',
    familyName: 'Marini',
    fiscalNumber: 'TINIT-MRNSFN77D22L424M',
    email: 'stefano.marini@comune.trieste.example',
    acr: SPID_L2,
    roles: [{ ente: 'c_l424', role: 'enteAdmin' }],
    description: 'amministratore del Comune di Trieste (c_l424)',
  },
  {
    username: 'ragioneria.trieste',
    name: 'Franca',
    familyName: 'Degrassi',
    fiscalNumber: 'TINIT-DGRFNC79L54L424T',
    email: 'franca.degrassi@comune.trieste.example',
    acr: SPID_L2,
    roles: [{ ente: 'c_l424', role: 'finance' }],
    description: 'ragioneria del Comune di Trieste (c_l424): avvisi massivi e riconciliazione',
  },
  {
    username: 'operatore.medea',
    name: 'Laura',
    familyName: 'Zanetti',
    fiscalNumber: 'TINIT-ZNTLRA83T62F081A',
    email: 'laura.zanetti@comune.medea.example',
    acr: SPID_L2,
    roles: [{ ente: 'c_f081', role: 'operator' }],
    description: 'operatrice del Comune di Medea (c_f081)',
  },
  {
    username: 'admin.medea',
    name: 'Marco',
    familyName: 'Bruno',
    fiscalNumber: 'TINIT-BRNMRC70B15L424R',
    email: 'marco.bruno@comune.medea.example',
    acr: SPID_L2,
    roles: [
      { ente: 'c_f081', role: 'enteAdmin' },
      { ente: 'c_f081', role: 'modeller' },
    ],
    description: 'amministratore e modellatore del Comune di Medea (c_f081)',
  },
  {
    username: 'admin.regione',
    name: 'Elena',
    familyName: 'Fabbro',
    fiscalNumber: 'TINIT-FBBLNE75L41L424G',
    email: 'elena.fabbro@regione.example',
    acr: SPID_L2,
    roles: [{ role: 'regionalAdmin' }, { role: 'templateEditor' }],
    description: 'amministratrice regionale ed editor dei modelli regionali',
  },
];

export function findTestUser(username: string): TestUser | undefined {
  return TEST_USERS.find((user) => user.username === username);
}

/** The claims of a user, as the sandbox puts them in ID and access tokens. */
export function claimsOf(user: TestUser): Record<string, unknown> {
  return {
    sub: user.username,
    name: user.name,
    familyName: user.familyName,
    fiscalNumber: user.fiscalNumber,
    email: user.email,
    acr: user.acr,
    ...(user.roles ? { sus_roles: user.roles } : {}),
  };
}
