// The UI's message catalogue: every text a user reads, Vietnamese first and
// English second (docs/ui.md, "Language"). The server's own messages (errors)
// come from its catalogue, src/core/messages.cc, in the language the client
// asks for with Accept-Language. A key missing here fails `tsc`.
export type Lang = 'vi' | 'en';

const catalogue = {
  appName: ['gemis', 'gemis'],
  appTagline: ['Theo dõi, đánh giá Dự án 8 — Bình đẳng giới', 'Project 8 monitoring & evaluation — gender equality'],
  skipToContent: ['Chuyển đến nội dung chính', 'Skip to main content'],
  langSwitch: ['English', 'Tiếng Việt'],
  langSwitchLabel: ['Chuyển sang tiếng Anh', 'Switch to Vietnamese'],
  loading: ['Đang tải…', 'Loading…'],
  retry: ['Thử lại', 'Try again'],
  none: ['Không có', 'None'],
  close: ['Đóng', 'Close'],

  signInTitle: ['Đăng nhập', 'Sign in'],
  signInIntro: ['Đăng nhập bằng tài khoản do quản trị viên cấp.', 'Sign in with the account your administrator gave you.'],
  username: ['Tên đăng nhập', 'Username'],
  password: ['Mật khẩu', 'Password'],
  signIn: ['Đăng nhập', 'Sign in'],
  signingIn: ['Đang đăng nhập…', 'Signing in…'],
  signOut: ['Đăng xuất', 'Sign out'],
  sessionExpired: ['Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.', 'Your session has expired. Please sign in again.'],
  errorLogin: ['Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại (chú ý chữ hoa, bộ gõ tiếng Việt) rồi thử lại.',
    'Wrong username or password. Check them (capitals, Vietnamese keyboard) and try again.'],
  errorLocked: ['Tài khoản tạm khoá do đăng nhập sai nhiều lần. Chờ 15 phút rồi thử lại, hoặc nhờ quản trị viên mở khoá.',
    'The account is locked after repeated failures. Wait 15 minutes and try again, or ask your administrator to unlock it.'],
  errorOffline: ['Không kết nối được máy chủ. Kiểm tra mạng rồi bấm "Thử lại".',
    'The server cannot be reached. Check your connection, then press "Try again".'],
  errorForbidden: ['Vai trò của bạn không có quyền này. Liên hệ quản trị viên nếu bạn cần quyền.',
    'Your role does not allow this. Ask your administrator if you need it.'],
  errorScope: ['Đơn vị này nằm ngoài phạm vi được giao cho bạn. Chọn một đơn vị trong phạm vi của bạn, hoặc liên hệ quản trị viên.',
    'This unit is outside the scope you were given. Choose a unit in your scope, or ask your administrator.'],
  errorNotFound: ['Không tìm thấy hoặc bạn không được xem. Quay lại danh sách và chọn lại.',
    'Not found, or not yours to see. Go back to the list and choose again.'],
  errorGeneric: ['Đã xảy ra lỗi. Thử lại; nếu vẫn lỗi, báo cho quản trị viên kèm thời điểm.',
    'Something went wrong. Try again; if it persists, tell your administrator when it happened.'],

  navHome: ['Tổng quan', 'Overview'],
  navUnits: ['Đơn vị hành chính', 'Administrative units'],
  navPlans: ['Kế hoạch', 'Plans'],
  navMain: ['Điều hướng chính', 'Main navigation'],
  yourAccount: ['Tài khoản', 'Account'],
  yourRoles: ['Vai trò', 'Roles'],
  yourEntryUnits: ['Đơn vị nhập liệu', 'Units you enter data for'],
  yourViewUnits: ['Đơn vị được xem', 'Units you can see'],
  yourContentAreas: ['Nội dung phụ trách', 'Content areas'],
  allContentAreas: ['Tất cả nội dung', 'All content areas'],
  welcome: ['Xin chào, {name}', 'Hello, {name}'],
  homeIntro: ['Chọn một kế hoạch để xem chỉ tiêu và tiến độ, hoặc tra cứu đơn vị hành chính.',
    'Choose a plan to see its targets and progress, or look up an administrative unit.'],

  unitsTitle: ['Đơn vị hành chính', 'Administrative units'],
  unitsSearch: ['Tìm đơn vị (không cần dấu)', 'Find a unit (accents optional)'],
  unitsSearchHint: ['Ví dụ: "trung khanh" tìm được "Trùng Khánh".', 'For example "trung khanh" finds "Trùng Khánh".'],
  asOf: ['Tại ngày', 'As of'],
  asOfHint: ['dd/mm/yyyy', 'dd/mm/yyyy'],
  dateInvalid: ['Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.',
    'Not a valid date: type it as dd/mm/yyyy, e.g. 01/07/2025.'],
  unitsTree: ['Cây đơn vị', 'Unit tree'],
  unitsNoMatch: ['Không có đơn vị nào khớp. Thử bỏ bớt chữ hoặc đổi ngày.', 'No unit matches. Try fewer letters or another date.'],
  expand: ['Mở {name}', 'Expand {name}'],
  collapse: ['Thu gọn {name}', 'Collapse {name}'],
  unitCode: ['Mã', 'Code'],
  unitLevel: ['Cấp', 'Level'],
  unitPath: ['Trực thuộc', 'Part of'],
  unitChildren: ['Đơn vị trực thuộc', 'Units below'],
  unitHistory: ['Lịch sử', 'History'],
  unitVersions: ['Các phiên bản', 'Versions'],
  unitEvents: ['Sáp nhập, chia tách', 'Merges and splits'],
  unitFrom: ['Từ ngày', 'From'],
  unitTo: ['Đến ngày', 'To'],
  unitName: ['Tên', 'Name'],
  unitStillValid: ['nay', 'now'],
  unitNotOnDate: ['Đơn vị này không tồn tại vào ngày đã chọn. Đổi "Tại ngày" sang thời gian đơn vị còn hoạt động.',
    'This unit did not exist on the chosen date. Change "As of" to a day when it existed.'],
  unitInactive: ['đã sáp nhập hoặc giải thể', 'merged or dissolved'],
  eventOn: ['{kind} ngày {date}', '{kind} on {date}'],
  eventMerge: ['Sáp nhập', 'Merge'],
  eventSplit: ['Chia tách', 'Split'],
  eventRename: ['Đổi tên', 'Rename'],
  eventMove: ['Chuyển đơn vị trực thuộc', 'Move'],
  eventCreate: ['Thành lập', 'Created'],
  eventReclassify: ['Đổi loại đơn vị', 'Reclassified'],
  eventClose: ['Kết thúc hoạt động', 'Closed'],
  eventInto: ['Thành đơn vị', 'Became'],
  eventFrom: ['Hình thành từ', 'Formed from'],
  eventLegalBasis: ['Căn cứ', 'Legal basis'],
  levelCentre: ['Trung ương', 'Centre'],
  levelProvince: ['Tỉnh', 'Province'],
  levelDistrict: ['Huyện', 'District'],
  levelCommune: ['Xã', 'Commune'],
  levelAll: ['Tổng các cấp', 'All levels'],
  levelVillage: ['Thôn, bản', 'Village'],
  unitsResults: ['Kết quả tìm kiếm ({count})', 'Search results ({count})'],
  unitChooseHint: ['Chọn một đơn vị trong cây hoặc trong kết quả tìm kiếm để xem chi tiết.',
    'Choose a unit in the tree or in the search results to see it.'],

  plansTitle: ['Kế hoạch', 'Plans'],
  planNumber: ['Số hiệu', 'Number'],
  planTitle: ['Trích yếu', 'Title'],
  planIssuer: ['Cơ quan ban hành', 'Issued by'],
  planIssued: ['Ngày ban hành', 'Issued on'],
  planPeriod: ['Thời kỳ', 'Period'],
  planNone: ['Chưa có kế hoạch nào trong phạm vi của bạn.', 'No plan in your scope yet.'],
  planCitations: ['Căn cứ', 'Based on'],
  planAreas: ['Nội dung', 'Content areas'],
  planTargets: ['Chỉ tiêu', 'Targets'],
  planProgress: ['Tiến độ', 'Progress'],
  planBack: ['← Danh sách kế hoạch', '← All plans'],
  planSigner: ['Người ký', 'Signed by'],
  planNotes: ['Ghi chú về nguồn', 'Notes on the source'],
  planOtherArea: ['Chung cho cả dự án', 'The project as a whole'],
  planSource: ['Nguồn: {section}', 'Source: {section}'],
  planTargetsCount: ['{count} chỉ tiêu', '{count} targets'],
  areaNumber: ['Nội dung {number}', 'Content area {number}'],
  targetLevel: ['Cấp thực hiện', 'Implementing level'],
  planAllocation: ['Phân bổ chỉ tiêu', 'Allocation'],
  planBudget: ['Kinh phí', 'Budget'],
  allocationTitle: ['Phân bổ chỉ tiêu: {table}', 'Allocation: {table}'],
  allocationStt: ['STT', 'No.'],
  allocationUnit: ['Đơn vị', 'Unit'],
  allocationOtherTables: ['Bảng khác:', 'Other tables:'],
  allocationNone: ['Kế hoạch này không có bảng phân bổ.', 'This plan has no allocation table.'],
  findingsTitle: ['Kết quả kiểm tra ({errors} lỗi, {warnings} cảnh báo)', 'Checks ({errors} errors, {warnings} warnings)'],
  findingsNone: ['Không phát hiện sai lệch.', 'No mismatch found.'],
  findingError: ['Lỗi', 'Error'],
  findingWarning: ['Cảnh báo', 'Warning'],
  findingSource: ['Nguồn: {section} — “{text}”', 'Source: {section} — “{text}”'],
  findingInCell: ['Ô này có sai lệch: {message}', 'This cell has a mismatch: {message}'],
  sourceDefects: ['Lỗi trong văn bản nguồn ({count})', 'Defects of the source document ({count})'],
  budgetTitle: ['Kinh phí', 'Budget'],
  budgetYear: ['Năm {year}', 'Year {year}'],
  budgetSummary: ['Tổng hợp theo loại và cấp', 'By kind and level'],
  budgetByAgency: ['Theo cơ quan', 'By agency'],
  budgetKind: ['Loại', 'Kind'],
  budgetLine: ['Khoản kinh phí', 'Budget line'],
  budgetAgency: ['Cơ quan', 'Agency'],
  budgetLevel: ['Cấp', 'Level'],
  budgetAmount: ['Số tiền', 'Amount'],
  budgetTotal: ['Tổng', 'Total'],
  budgetNone: ['Kế hoạch này không nêu kinh phí.', 'This plan states no budget.'],
  budgetDifference: ['Chênh lệch {amount}: các khoản thành phần cộng lại {found}, tổng đã nêu {expected}.',
    'Off by {amount}: the parts add up to {found}, the stated total is {expected}.'],
  budgetCarriedFrom: ['chuyển từ {years}', 'carried over from {years}'],
  kindAvailable: ['Tổng nguồn', 'Available'],
  kindAllocated: ['Được cấp', 'Allocated'],
  kindCarriedOver: ['Chuyển nguồn', 'Carried over'],
  kindEstimated: ['Dự toán', 'Estimated'],
  kindSpent: ['Đã chi', 'Spent'],
  kindSettled: ['Đã quyết toán', 'Settled'],
  navEntry: ['Nhập số liệu', 'Data entry'],
  entryTitle: ['Nhập số liệu', 'Data entry'],
  entryIntro: ['Chọn kế hoạch, đơn vị và năm. Số đã gõ được lưu ngay trên máy này và gửi lên máy chủ khi có mạng.',
    'Choose a plan, a unit and a year. What you type is saved on this device at once and sent when there is a connection.'],
  entryPlan: ['Kế hoạch', 'Plan'],
  entryUnit: ['Đơn vị', 'Unit'],
  entryYear: ['Năm', 'Year'],
  entryNoUnits: ['Tài khoản của bạn chưa được giao đơn vị nhập liệu. Liên hệ quản trị viên.', 'Your account has no unit to enter data for. Ask your administrator.'],
  entryNoPlan: ['Chưa có kế hoạch nào để nhập số liệu.', 'There is no plan to enter data for.'],
  entryValue: ['Giá trị', 'Value'],
  entryOnline: ['Đang có mạng', 'Online'],
  entryOffline: ['Mất mạng — số liệu vẫn được lưu trên máy này', 'Offline — what you type is kept on this device'],
  entryPending: ['Chờ gửi: {count}', 'Waiting to be sent: {count}'],
  entryAllSent: ['Đã gửi hết lên máy chủ', 'Everything is on the server'],
  entryConflicts: ['Cần xử lý: {count}', 'To settle: {count}'],
  entrySendNow: ['Gửi ngay', 'Send now'],
  entryQueued: ['chờ gửi', 'waiting'],
  entryConflict: ['Trên máy chủ đã là {value} ({by}). Số của bạn: {mine}.', 'The server now holds {value} ({by}). Yours: {mine}.'],
  entryConflictEmpty: ['trống', 'empty'],
  entryKeepMine: ['Giữ số của tôi', 'Keep mine'],
  entryTakeServers: ['Dùng số trên máy chủ', 'Use the server’s'],
  entryRefused: ['Máy chủ không nhận: {message}', 'The server refused it: {message}'],
  entryDrop: ['Bỏ số này', 'Drop this value'],
  entryNeedInteger: ['Cần một số nguyên, ví dụ 12.', 'A whole number is needed, e.g. 12.'],
  entryNeedPositive: ['Cần một số nguyên lớn hơn 0, ví dụ 12.', 'A whole number above 0 is needed, e.g. 12.'],
  entryNeedZeroOrPositive: ['Cần một số nguyên từ 0 trở lên, ví dụ 12 (không có phần thập phân).', 'A whole number from 0 up is needed, e.g. 12 (no decimals).'],
  entryNeedNegative: ['Cần một số nguyên âm, ví dụ -3.', 'A negative whole number is needed, e.g. -3.'],
  entryNeedNumber: ['Cần một số, ví dụ 12 hoặc 1,5.', 'A number is needed, e.g. 12 or 1,5.'],
  entryNeedPercent: ['Cần một tỷ lệ từ 0 đến 100, ví dụ 89,6.', 'A percentage from 0 to 100 is needed, e.g. 89,6.'],
  entryNeedUnitInterval: ['Cần một số từ 0 đến 1, ví dụ 0,5.', 'A number from 0 to 1 is needed, e.g. 0,5.'],
  entryNeedYesNo: ['Gõ "có" hoặc "không".', 'Type "có" (yes) or "không" (no).'],
  entryFieldLabel: ['{element} — {option}', '{element} — {option}'],
  targetMeasure: ['Chỉ tiêu', 'Measure'],
  targetUnit: ['Đơn vị', 'Unit'],
  targetValue: ['Mục tiêu', 'Target'],
  targetYear: ['Năm', 'Year'],
  targetStatus: ['Trạng thái', 'Status'],

  progressTitle: ['Tiến độ thực hiện', 'Progress'],
  progressUnit: ['Đơn vị', 'Unit'],
  progressAt: ['Tính đến ngày', 'As at'],
  progressShow: ['Xem', 'Show'],
  progressActual: ['Thực hiện', 'Actual'],
  progressTarget: ['Mục tiêu', 'Target'],
  progressPercent: ['Tỷ lệ', 'Achieved'],
  progressStatus: ['Đánh giá', 'Status'],
  progressExcel: ['Tải Excel', 'Download Excel'],
  progressChart: ['Biểu đồ tỷ lệ hoàn thành: {area}', 'Share achieved: {area}'],
  progressNone: ['Kế hoạch chưa có số liệu tiến độ cho đơn vị này.', 'No progress figures for this unit yet.'],
  progressDrill: ['Xem các đơn vị trực thuộc', 'See the units below'],
  progressRecords: ['Hồ sơ gốc', 'Records behind'],
  progressRecordsOf: ['Hồ sơ tạo nên số liệu {measure}', 'The records behind {measure}'],
  progressFromHand: ['Số liệu nhập tay, không từ hồ sơ.', 'Entered by hand, not computed from records.'],
  progressBackToPlan: ['← Kế hoạch {plan}', '← Plan {plan}'],
  progressUp: ['↑ Về {unit}', '↑ Back to {unit}'],
  progressOfUnit: ['Tiến độ của {unit} tính đến {date}', 'Progress of {unit} as at {date}'],
  progressNoTargetNote: ['Kế hoạch không nêu chỉ tiêu định lượng: bảng cho thấy kết quả thực hiện theo số liệu từ các sổ theo dõi.',
    'The plan states no numeric target: the table shows what the records published.'],
  progressSummary: ['{achieved} đạt, {onTrack} đúng tiến độ, {behind} chậm trên {total} dòng', '{achieved} achieved, {onTrack} on track, {behind} behind of {total} rows'],
  progressElapsed: ['Thời gian đã qua: {percent}', 'Time elapsed: {percent}'],
  statusAchieved: ['Đạt', 'Achieved'],
  statusOnTrack: ['Đúng tiến độ', 'On track'],
  statusBehind: ['Chậm tiến độ', 'Behind'],
  statusNotStarted: ['Chưa bắt đầu', 'Not started'],
  statusSuspended: ['Tạm dừng', 'Suspended'],
  statusNotMeasurable: ['Chưa đo được', 'Not measurable'],
  statusConflict: ['Số liệu mâu thuẫn', 'Conflicting figures'],
  statusNoTarget: ['Không có chỉ tiêu số', 'No numeric target'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof catalogue;

const STORAGE_KEY = 'gemis.lang';
let current: Lang = 'vi';
const listeners = new Set<(lang: Lang) => void>();

try {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'vi') current = saved;
} catch {
  // storage unavailable (private mode): Vietnamese
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // the choice lasts for this page only
  }
  if (globalThis.document) globalThis.document.documentElement.lang = lang;
  for (const l of listeners) l(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// The text of `key` in `lang` (default: the current language), with {name}
// placeholders replaced from `params`.
export function t(key: MessageKey, params: Record<string, string | number> = {}, lang: Lang = current): string {
  const text: string = catalogue[key][lang === 'vi' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function allKeys(): MessageKey[] {
  return Object.keys(catalogue) as MessageKey[];
}
