import type { SaveProcedureTemplateInput, UpdateProcedureInput } from '../procedures/procedures.service';
import type { ServiceFields } from '../services/service.entity';
import type { SaveServiceTypeInput, UpdateServiceInput } from '../services/services.service';

/*
 * Procedures and services of the Friuli Venezia Giulia example. Taxonomy codes are REAL (official
 * pagoPA taxonomy v33, libs/catalog/data). Procedure and service codes, App IO service ids,
 * capitoli/accertamenti and amounts are MADE-UP unless a comment says otherwise; the laws cited
 * are REAL.
 */

const noPayment: Pick<
  ServiceFields,
  'fees' | 'accountingReferences' | 'paymentMode' | 'voluntary' | 'pagopaActive' | 'taxonomyCodes'
> = {
  fees: [],
  accountingReferences: [],
  paymentMode: null,
  voluntary: false,
  pagopaActive: false,
  taxonomyCodes: [],
};

const serviceDefaults = (
  fields: Partial<ServiceFields> & Pick<ServiceFields, 'name' | 'interactivityLevel'>,
): ServiceFields => ({
  description: '',
  channels: ['sportello'],
  availability: null,
  contactPoints: [],
  appIoServiceId: null,
  appIoPublished: false,
  ...noPayment,
  ...fields,
});

export const SEED_PROCEDURE_TEMPLATES: SaveProcedureTemplateInput[] = [
  {
    ownerEnteCode: 'r_friuve',
    code: 'MATRIMONIO-CIVILE', // MADE-UP code of the regional template
    fields: {
      name: 'Celebrazione matrimonio',
      subjectArea: 'Anagrafe e stato civile',
      startType: 'istanzaDiParte',
      legislation: ['D.P.R. 396/2000', 'Codice civile artt. 106-116'],
      termDays: 3,
      termKind: 'calendarDays',
      conclusionType: 'provvedimentoEspresso',
      transparencyNotice:
        "Celebrazione del matrimonio civile davanti all'ufficiale dello stato civile, dopo le pubblicazioni. Titolare del potere sostitutivo: il segretario comunale.",
      deadlines: [
        'Pubblicazioni affisse per 8 giorni consecutivi',
        'Matrimonio entro 180 giorni dalle pubblicazioni',
      ],
    },
    // The law and how the procedure ends are the region's call; enti set names, terms, notices.
    lockedFields: ['legislation', 'startType', 'conclusionType'],
    substitutePowerTitle: 'Segretario comunale',
  },
];

export const SEED_SERVICE_TYPES: SaveServiceTypeInput[] = [
  {
    code: 'MATRIMONIO-CIVILE', // MADE-UP
    scope: 'regional',
    ownerEnteCode: 'r_friuve',
    procedureTemplateCode: 'MATRIMONIO-CIVILE',
    defaults: serviceDefaults({
      name: 'Matrimonio civile',
      description: 'Prenotazione e celebrazione del matrimonio civile in una sala comunale.',
      interactivityLevel: 'informativo',
      taxonomyCodes: ['9/0104102TS/'], // REAL: servizio celebrazione matrimoni civili
      paymentMode: 'requestedByPa',
    }),
  },
  {
    code: 'CIE', // MADE-UP
    scope: 'national',
    defaults: serviceDefaults({
      name: "Carta d'identità elettronica",
      description: "Rilascio e rinnovo della carta d'identità elettronica (CIE) su appuntamento.",
      interactivityLevel: 'dueVie',
      channels: ['web', 'sportello'],
      taxonomyCodes: ['9/0104100TS/'], // REAL: emissione carta d'identità elettronica
      // REAL amounts: 16,79 € to the State (D.M. 25/5/2016) + 5,16 € diritto fisso + 0,26 € diritti di segreteria.
      fees: [{ description: 'Corrispettivo CIE e diritti', amountCents: 2221 }],
      paymentMode: 'spontaneous',
    }),
  },
  {
    code: 'TARI', // MADE-UP
    scope: 'national',
    defaults: serviceDefaults({
      name: 'TARI - Tassa sui rifiuti',
      description:
        "Avvisi di pagamento della tassa sui rifiuti dell'anno in corso, dichiarazioni e riduzioni.",
      interactivityLevel: 'transattivo',
      channels: ['web', 'app', 'sportello'],
      taxonomyCodes: ['9/0101101IM/'], // REAL: TARI anno in corso
      paymentMode: 'requestedByPa',
    }),
  },
  {
    code: 'MENSA-SCOLASTICA', // MADE-UP
    scope: 'regional',
    ownerEnteCode: 'r_friuve',
    defaults: serviceDefaults({
      name: 'Mensa scolastica',
      description: 'Iscrizione al servizio di refezione scolastica e pagamento dei pasti.',
      interactivityLevel: 'transattivo',
      channels: ['web', 'app'],
      taxonomyCodes: ['9/0107101TS/'], // REAL: mense scolastiche
      paymentMode: 'requestedByPa',
    }),
  },
  {
    code: 'DIRITTI-SEGRETERIA', // MADE-UP
    scope: 'national',
    defaults: serviceDefaults({
      name: 'Diritti di segreteria',
      description: 'Pagamento dei diritti di segreteria e delle spese di notifica per atti e certificati.',
      interactivityLevel: 'transattivo',
      channels: ['web', 'sportello'],
      taxonomyCodes: ['9/0103100TS/'], // REAL: diritti di segreteria e spese di notifica
      paymentMode: 'spontaneous',
    }),
  },
  {
    code: 'DONAZIONI', // MADE-UP
    scope: 'regional',
    ownerEnteCode: 'r_friuve',
    defaults: serviceDefaults({
      name: 'Donazioni e contributi',
      description: 'Donazioni e contributi volontari al comune per progetti sociali e culturali.',
      interactivityLevel: 'transattivo',
      channels: ['web', 'app'],
      taxonomyCodes: ['9/0115102AP/'], // REAL: donazioni
      voluntary: true,
    }),
  },
];

export interface SeedEnteCatalog {
  enteCode: string;
  /** Ente-only procedure fields set right after adoption (unit and potere sostitutivo). */
  procedures: { templateCode: string; responsibleUnitCode: string; update?: UpdateProcedureInput }[];
  /** Service types taken in charge, with the ente's customisation applied once, on adoption. */
  services: { serviceTypeCode: string; update: UpdateServiceInput }[];
}

export const SEED_ENTE_CATALOGS: SeedEnteCatalog[] = [
  {
    enteCode: 'c_l424',
    procedures: [{ templateCode: 'MATRIMONIO-CIVILE', responsibleUnitCode: 'UFF-STC' }],
    services: [
      {
        serviceTypeCode: 'MATRIMONIO-CIVILE',
        update: {
          channels: ['web', 'app'],
          interactivityLevel: 'transattivo',
          availability: 'Prenotazione on line; celebrazioni dal lunedì al sabato',
          voluntary: false,
          pagopaActive: true,
          // MADE-UP tariff (hall fees are set by each Giunta).
          fees: [
            { description: 'Uso della Sala matrimoni del Municipio, giorni feriali', amountCents: 15000 },
          ],
          accountingReferences: [{ chapter: '3010.1', assessment: '2026/118' }], // MADE-UP
          contactPoints: [
            {
              kind: 'email',
              value: 'statocivile@comune.trieste.it',
              description: 'Ufficio Stato Civile (MADE-UP address)',
            },
            { kind: 'phone', value: '+39 040 000 0000', description: 'MADE-UP number' },
          ],
          appIoServiceId: '01TSMATRIMONIO000000000001', // MADE-UP
          appIoPublished: true,
        },
      },
      {
        serviceTypeCode: 'CIE',
        update: { pagopaActive: true, appIoServiceId: '01TSCIE0000000000000000001', appIoPublished: true }, // MADE-UP id
      },
      {
        serviceTypeCode: 'TARI',
        update: { pagopaActive: true, accountingReferences: [{ chapter: '1010.3', assessment: null }] },
      },
      { serviceTypeCode: 'MENSA-SCOLASTICA', update: { pagopaActive: true } },
      { serviceTypeCode: 'DIRITTI-SEGRETERIA', update: { pagopaActive: false } },
      { serviceTypeCode: 'DONAZIONI', update: { pagopaActive: true } },
    ],
  },
  {
    enteCode: 'c_f081',
    procedures: [{ templateCode: 'MATRIMONIO-CIVILE', responsibleUnitCode: 'UFF-ASC' }],
    services: [
      {
        serviceTypeCode: 'MATRIMONIO-CIVILE',
        update: {
          channels: ['sportello'],
          interactivityLevel: 'nonOnline',
          availability: 'Su appuntamento presso il Municipio',
          contactPoints: [
            {
              kind: 'sportello',
              value: 'Municipio di Medea',
              description: 'Ufficio Anagrafe e Stato Civile',
            },
          ],
        },
      },
      { serviceTypeCode: 'TARI', update: { pagopaActive: true } },
      { serviceTypeCode: 'DIRITTI-SEGRETERIA', update: { pagopaActive: false } },
    ],
  },
];
