import type { SaveEnteInput } from '../organisations/enti.service';
import type { Role } from '../organisations/role-holder.entity';

/*
 * The Friuli Venezia Giulia example (DESIGN §1). Every code says whether it is REAL (public,
 * from the IPA index / Agenzia delle Entrate) or MADE-UP (valid in shape and check digits,
 * belonging to nobody). People are fictional; their fiscal codes are made up with correct
 * check characters. Replace the made-up codes with the ente's own before going live.
 */

export interface SeedOrgUnit {
  /** MADE-UP: HR ids of a fictional export. */
  externalId: string;
  code: string;
  name: string;
  parentExternalId: string | null;
}

export interface SeedRoleHolder {
  /** null: the role is held for the whole ente. */
  unitExternalId: string | null;
  role: Role;
  personName: string;
  fiscalCode: string;
  email: string | null;
  title: string;
}

export interface SeedEnte {
  ente: SaveEnteInput;
  orgUnits: SeedOrgUnit[];
  roleHolders: SeedRoleHolder[];
}

export const REGIONE_FVG: SeedEnte = {
  ente: {
    ipaCode: 'r_friuve', // REAL IPA code of the Regione (as listed on indicepa.gov.it; not re-checked from this machine)
    type: 'regione',
    name: 'Regione Autonoma Friuli Venezia Giulia',
    fiscalCode: '80014930327', // REAL, as publicly listed for the Regione (check digit verified, registry not re-checked here)
    segregationCode: '01', // MADE-UP
    cbillCode: 'AFVG1', // MADE-UP
    appIoServiceIds: [],
    ibanAccounts: [
      // MADE-UP account; real ABI code, valid IBAN check digits.
      { iban: 'IT69X0530812400000000050100', description: 'Tesoreria regionale (MADE-UP)', isDefault: true },
    ],
  },
  orgUnits: [
    {
      externalId: 'FVG-D10',
      code: 'DC-AUTLOC',
      name: 'Direzione centrale autonomie locali',
      parentExternalId: null,
    },
    {
      externalId: 'FVG-S11',
      code: 'SERV-ENTI',
      name: 'Servizio supporto agli enti locali',
      parentExternalId: 'FVG-D10',
    },
  ],
  roleHolders: [],
};

export const COMUNE_DI_TRIESTE: SeedEnte = {
  ente: {
    ipaCode: 'c_l424', // REAL IPA code (L424 is the Belfiore code of Trieste)
    type: 'comune',
    name: 'Comune di Trieste',
    fiscalCode: '00210240321', // REAL
    regionCode: 'r_friuve',
    segregationCode: '02', // MADE-UP
    cbillCode: 'ATS01', // MADE-UP
    appIoServiceIds: ['01JSEEDTS0STATOCIVILE00001'], // MADE-UP App IO service id
    holidays: [{ month: 11, day: 3, name: 'San Giusto' }], // REAL: the patron saint of Trieste
    ibanAccounts: [
      // MADE-UP accounts; real ABI code, valid IBAN check digits.
      { iban: 'IT31X0200802230000104500001', description: 'Tesoreria comunale (MADE-UP)', isDefault: true },
      {
        iban: 'IT04X0200802230000104500002',
        description: 'Conto dedicato TARI (MADE-UP)',
        isDefault: false,
        serviceCode: 'TARI',
      },
    ],
  },
  orgUnits: [
    { externalId: 'TS-100', code: 'AREA-SD', name: 'Area Servizi Demografici', parentExternalId: null },
    { externalId: 'TS-110', code: 'UFF-STC', name: 'Ufficio Stato Civile', parentExternalId: 'TS-100' },
    { externalId: 'TS-120', code: 'UFF-ANA', name: 'Ufficio Anagrafe', parentExternalId: 'TS-100' },
    { externalId: 'TS-130', code: 'UFF-ELE', name: 'Ufficio Elettorale', parentExternalId: 'TS-100' },
    {
      externalId: 'TS-200',
      code: 'AREA-FIN',
      name: 'Area Risorse Economiche e Finanziarie',
      parentExternalId: null,
    },
    { externalId: 'TS-210', code: 'UFF-TRI', name: 'Ufficio Tributi', parentExternalId: 'TS-200' },
    {
      externalId: 'TS-300',
      code: 'AREA-SCU',
      name: 'Area Scuola, Educazione e Sport',
      parentExternalId: null,
    },
    {
      externalId: 'TS-310',
      code: 'UFF-RIS',
      name: 'Ufficio Ristorazione Scolastica',
      parentExternalId: 'TS-300',
    },
  ],
  roleHolders: [
    {
      unitExternalId: null,
      role: 'substitutePowerHolder',
      personName: 'Paolo Bianchi', // fictional
      fiscalCode: 'BNCPLA68L04E098C', // MADE-UP
      email: 'segretario.generale@example.invalid',
      title: 'Segretario generale',
    },
    {
      unitExternalId: 'TS-110',
      role: 'responsabileProcedimento',
      personName: 'Anna Ferrari', // fictional
      fiscalCode: 'FRRNNA79E45L424Y', // MADE-UP
      email: 'statocivile@example.invalid',
      title: 'Responsabile Ufficio Stato Civile',
    },
    {
      unitExternalId: 'TS-120',
      role: 'responsabileProcedimento',
      personName: 'Maria Rossi', // fictional
      fiscalCode: 'RSSMRA75C52L424W', // MADE-UP
      email: null,
      title: 'Responsabile Ufficio Anagrafe',
    },
  ],
};

export const COMUNE_DI_MEDEA: SeedEnte = {
  ente: {
    ipaCode: 'c_f081', // DERIVED from the Belfiore code F081 the way comuni's IPA codes are; not verified
    type: 'comune',
    name: 'Comune di Medea',
    // MADE-UP: the suggested 80004070317 fails the check digit and no real code could be confirmed
    // from this machine; same first ten digits with the check digit computed.
    fiscalCode: '80004070316',
    regionCode: 'r_friuve',
    segregationCode: '03', // MADE-UP
    cbillCode: 'AMD01', // MADE-UP
    appIoServiceIds: [],
    ibanAccounts: [
      // MADE-UP account; real ABI code (Poste Italiane), valid IBAN check digits.
      { iban: 'IT20X0760102200000012345678', description: 'Tesoreria comunale (MADE-UP)', isDefault: true },
    ],
  },
  orgUnits: [
    { externalId: 'MD-1', code: 'AREA-AMM', name: 'Area Amministrativa', parentExternalId: null },
    {
      externalId: 'MD-11',
      code: 'UFF-ASC',
      name: 'Ufficio Anagrafe e Stato Civile',
      parentExternalId: 'MD-1',
    },
    {
      externalId: 'MD-12',
      code: 'UFF-SEG',
      name: 'Ufficio Segreteria e Protocollo',
      parentExternalId: 'MD-1',
    },
    { externalId: 'MD-2', code: 'AREA-FIN', name: 'Area Finanziaria', parentExternalId: null },
    { externalId: 'MD-21', code: 'UFF-RAG', name: 'Ufficio Ragioneria e Tributi', parentExternalId: 'MD-2' },
  ],
  roleHolders: [
    {
      unitExternalId: null,
      role: 'substitutePowerHolder',
      personName: 'Lucia Verdi', // fictional
      fiscalCode: 'VRDLCU80S60E098L', // MADE-UP
      email: 'segretario@example.invalid',
      title: 'Segretario comunale',
    },
    {
      unitExternalId: 'MD-11',
      role: 'responsabileProcedimento',
      personName: 'Giorgio Neri', // fictional
      fiscalCode: 'NREGRG72A15F081K', // MADE-UP
      email: null,
      title: 'Responsabile Ufficio Anagrafe e Stato Civile',
    },
  ],
};

/** Regions first: a comune names its region. */
export const SEED_ENTI: readonly SeedEnte[] = [REGIONE_FVG, COMUNE_DI_TRIESTE, COMUNE_DI_MEDEA];
