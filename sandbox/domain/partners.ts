/** Base URLs of the partners the sandbox calls, e.g. `http://127.0.0.1:4010/carrier`. */
export interface PartnerUrls {
  carrier: string;
  tax: string;
  payment: string;
  supplier: string;
  ediVan: string;
}
