/** E.164 phone number, e.g. +420777123456: what the directory stores and the SMS gateway gets. */
export const E164_PHONE_NUMBER = /^\+[1-9]\d{6,14}$/;
