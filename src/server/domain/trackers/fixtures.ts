/**
 * Requests exactly as the apps send them, copied from their sources (and the sources of Traccar's server,
 * which decodes the same protocols): the unit tests here and the API tests (tests/api/trackers.test.ts)
 * replay them with the token put where the app puts its device id.
 */

/** traccar/traccar src/test/java/org/traccar/protocol/OsmAndProtocolDecoderTest.java, testDecodeQuery. */
export const OSMAND_QUERIES = {
  /** ISO time with an escaped colon, hdop, altitude, speed 0 knots. */
  iso: "id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0",
  /** Epoch milliseconds (≥ 2^31 − 1). */
  millis: "id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0",
  /** "yyyy-MM-dd HH:mm:ss" with a "+" for the space; the id last. */
  spaced:
    "lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681",
  /** Battery in percent, no timestamp (the server's time). */
  battery: "id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87",
  /** `location=lat,lon`. */
  location: "id=123456&timestamp=1377177267&location=60.0,30.0",
  /** Speed 40 knots, bearing, and attributes we do not store. */
  vehicle:
    "id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24",
  /** `deviceid` and `heading`. */
  deviceid: "lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456",
  /** No id: Traccar answers 400. */
  noId: "timestamp=1377177267&lat=60.0&lon=30.0",
} as const;

/**
 * What traccar-client-android ProtocolFormatter.kt builds (the Traccar Client before version 9): every field,
 * speed in knots (Position.kt: m/s × 1.943844), accuracy 0 for GPS fixes, batt in percent.
 */
export const TRACCAR_ANDROID_QUERY =
  "id=48241179&timestamp=1718459112&lat=45.1&lon=6.2&speed=5.399568&bearing=182.0&altitude=812.0&accuracy=0.0&batt=64.0";

/** Traccar Client 9+ JSON bodies: OsmAndProtocolDecoderTest.java testDecodeJson. */
export const TRACCAR_JSON = {
  /** Android emulator: still, heading −1 (unknown), battery full. */
  still:
    '{"location":{"timestamp":"2025-06-15T13:45:12.862Z","coords":{"latitude":37.4219983,"longitude":-122.084,"accuracy":5,"speed":0,"heading":-1,"altitude":5},"is_moving":false,"odometer":0,"event":"motionchange","battery":{"level":1,"is_charging":false},"activity":{"type":"still"},"extras":{},"_":"&id=48241179&lat=37.4219983&lon=-122.084&timestamp=2025-06-15T13:45:12.862Z&"},"device_id":"48241179"}',
  /** iOS simulator: speed −1, battery −1 (unknown), extra fields. */
  ios: '{"location":{"extras":{},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"ellipsoidal_altitude":0,"floor":null,"heading_accuracy":-1,"latitude":37.785834000000001,"accuracy":5,"altitude_accuracy":-1,"altitude":0,"heading":-1},"is_moving":false,"age":188,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}',
  /** A moving phone: 18.67 m/s, heading 63°, battery 0.79. */
  moving:
    '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}',
} as const;

/**
 * OwnTracks location messages: the booklet's Traccar page (owntracks/booklet docs/features/traccar.md) and a
 * full Android message with the fields MessageLocation.kt writes (vel km/h, batt %, tst s, topic in HTTP mode).
 */
export const OWNTRACKS = {
  minimal: '{"lon":2.29513,"lat":48.85833,"_type":"location","tst":1497476456, "tid":"JJ"}',
  android:
    '{"_type":"location","_id":"b5d1b4a3","acc":5,"alt":161,"batt":41,"bs":1,"cog":271,"conn":"m","created_at":1497476460,"lat":48.85833,"lon":2.29513,"m":1,"t":"u","tid":"JJ","topic":"owntracks/jane/phone","tst":1497476456,"vac":3,"vel":18}',
  lwt: '{"_type":"lwt","tst":1497476456}',
  transition:
    '{"_type":"transition","wtst":1425042603,"lat":12.34,"lon":44.5,"tst":1427634603,"acc":130,"tid":"JP","event":"enter","desc":"my Indian restaurant","t":"c"}',
} as const;

/**
 * GPSLogger's custom URL after substitution: mendhak/gpslogger CustomUrlManagerTest.java
 * (getFormattedUrl_WhenPlaceholders_ValuesSubstituted: speed 9005 m/s = 32418 km/h, battery 91.0 %), and our
 * documented template filled the same way.
 */
export const GPSLOGGER = {
  upstream:
    "lat=12.193&lon=19.111&sat=9&desc=blah&alt=45.0&acc=8.0&dir=359.0&prov=MOCK&spd_kph=32418.0&spd=9005.0&time=2016-03-05T19:24:29.949Z&battery=91.0&androidId=22&serial=SRS11&activity=",
  template: "lat=45.1&lon=6.2&time=2026-03-12T08:20:05.000Z&spd=2.8&alt=812.0&acc=4.0&dir=271.0&batt=64.0",
  epoch: "lat=12.193&lon=19.456&sat=0&desc=&alt=0.0&acc=0.0&dir=0.0&prov=MOCK&spd=0.0&timestamp=1457205869",
} as const;
