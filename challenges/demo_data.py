"""Demo content for the challenge programme (problems, contests, published Q&A).

Pure data: the ``seed_demo`` command loads it. Offsets are days relative to the seeding day
(Asia/Ho_Chi_Minh). Amounts are integer VND. HTML uses only <p>, <ul>, <ol>, <li>, <strong>,
<em> and <h3>. Vietnamese text is NFC.
"""

from __future__ import annotations

from typing import Any

SECTORS: tuple[str, ...] = (
    "tourism",
    "environment",
    "mining_energy",
    "ports_logistics",
    "trade",
    "aquaculture",
    "disaster_resilience",
    "industry",
    "digital_government",
    "health",
    "education",
    "transport",
)

PROBLEMS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ P01
    {
        "code": "P01",
        "slug": "p01-ha-long-bay-water-quality",
        "sector": "environment",
        "budget_ceiling": 8_000_000_000,
        "opens_offset_days": -15,
        "closes_offset_days": 45,
        "judging_offset_days": 52,
        "results_offset_days": 95,
        "vi": {
            "title": "Giám sát chất lượng nước và rác thải nổi trên vịnh Hạ Long theo thời gian thực",
            "summary": (
                "Quan trắc tự động chất lượng nước, phát hiện và định vị rác thải nổi trên vịnh "
                "Hạ Long, kết nối dữ liệu về Trung tâm Giám sát, điều hành thông minh của tỉnh."
            ),
            "owning_agency": "Ban Quản lý vịnh Hạ Long",
            "statement": (
                "<p>Vịnh Hạ Long là Di sản thiên nhiên thế giới được UNESCO công nhận, đồng thời là "
                "vùng nước chịu áp lực lớn từ du lịch, tàu thuyền, đô thị ven bờ và nuôi trồng thủy "
                "sản. Việc quan trắc hiện chủ yếu dựa vào một số trạm cố định và các đợt lấy mẫu định "
                "kỳ, nên khó phát hiện sớm sự cố ô nhiễm cục bộ hay diễn biến bất thường.</p>"
                "<p>Tỉnh cần một giải pháp kết hợp cảm biến, ảnh vệ tinh hoặc thiết bị bay không người "
                "lái và phân tích dữ liệu để theo dõi liên tục các chỉ tiêu chất lượng nước chính, phát "
                "hiện và định vị rác thải nổi (đặc biệt là rác nhựa và phao xốp), từ đó điều phối lực "
                "lượng thu gom kịp thời và công khai thông tin cho người dân, du khách.</p>"
            ),
            "context": (
                "<p>Ban Quản lý vịnh Hạ Long đang duy trì các đội thu gom rác trên vịnh và phối hợp với "
                "doanh nghiệp tàu du lịch trong quản lý chất thải. Trung tâm Giám sát, điều hành thông "
                "minh (IOC) của tỉnh đã tiếp nhận dữ liệu của nhiều ngành, nhưng dữ liệu môi trường "
                "vịnh còn rời rạc, chưa được chuẩn hóa để khai thác chung.</p>"
                "<p>Sau bão Yagi năm 2024, lượng lớn phao xốp, vật liệu lồng bè và rác trôi dạt trên "
                "vịnh cho thấy nhu cầu về công cụ phát hiện và ước lượng khối lượng rác trên diện rộng. "
                "Giải pháp phải chịu được môi trường nước mặn, độ ẩm cao và không làm ảnh hưởng đến "
                "cảnh quan di sản.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Từ 5 đến 10 điểm quan trắc tự động thí điểm truyền dữ liệu liên tục về IOC, tỷ lệ "
                "dữ liệu sẵn sàng đạt mục tiêu từ 95% trở lên.</li>"
                "<li>Cảnh báo tự động khi các chỉ tiêu (như oxy hòa tan, độ đục, pH, dầu mỡ) vượt ngưỡng, "
                "gửi đến cán bộ phụ trách trong vòng 15 phút.</li>"
                "<li>Bản đồ điểm nóng rác thải nổi cập nhật hằng ngày, độ chính xác nhận diện được kiểm "
                "chứng bằng khảo sát thực địa.</li>"
                "<li>Rút ngắn rõ rệt thời gian từ khi phát hiện đến khi thu gom rác tại các điểm nóng so "
                "với trước thí điểm, được đo và báo cáo hằng tháng.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Vị trí lắp đặt thiết bị trên vịnh phải được Ban Quản lý vịnh Hạ Long chấp thuận, "
                "không ảnh hưởng cảnh quan và luồng tàu.</li>"
                "<li>Kết nối với IOC của tỉnh qua giao diện lập trình (API) mở, theo chuẩn dữ liệu do Sở "
                "Khoa học và Công nghệ hướng dẫn.</li>"
                "<li>Dữ liệu lưu trữ, xử lý tại Việt Nam; hình ảnh có thể nhận diện con người phải được "
                "xử lý theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.</li>"
                "<li>Thí điểm 12 tháng trong khu vực vịnh Hạ Long; giao diện quản trị bằng tiếng Việt.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Real-time water quality and floating waste monitoring on Ha Long Bay",
            "summary": (
                "Automated water quality monitoring and detection of floating waste on Ha Long Bay, "
                "with data feeding the province's Intelligent Operations Centre."
            ),
            "owning_agency": "Ha Long Bay Management Board",
            "statement": (
                "<p>Ha Long Bay is a UNESCO World Heritage natural site and also a body of water under "
                "heavy pressure from tourism, shipping, coastal urban areas and aquaculture. Monitoring "
                "relies mostly on a few fixed stations and periodic sampling campaigns, which makes it "
                "hard to detect local pollution incidents or unusual trends early.</p>"
                "<p>The province is looking for a solution that combines sensors, satellite or drone "
                "imagery and data analysis to track the main water quality indicators continuously and "
                "to detect and locate floating waste (plastics and polystyrene floats in particular), so "
                "that clean-up crews can be dispatched in time and information is open to residents and "
                "visitors.</p>"
            ),
            "context": (
                "<p>The Ha Long Bay Management Board runs waste collection crews on the bay and works "
                "with cruise operators on waste management. The provincial Intelligent Operations "
                "Centre (IOC) already receives data from many sectors, but environmental data on the bay "
                "is fragmented and not yet standardised for shared use.</p>"
                "<p>After Typhoon Yagi in 2024, large quantities of polystyrene floats, cage materials "
                "and debris drifted across the bay, showing the need for a tool that can detect and "
                "estimate waste over a wide area. Solutions must withstand salt water and high humidity "
                "and must not spoil the heritage landscape.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>5 to 10 pilot automated monitoring points streaming data to the IOC, with a target "
                "data availability of 95% or more.</li>"
                "<li>Automatic alerts when indicators (such as dissolved oxygen, turbidity, pH, oil and "
                "grease) exceed thresholds, delivered to the officer in charge within 15 minutes.</li>"
                "<li>A daily floating-waste hotspot map whose detection accuracy is verified by field "
                "surveys.</li>"
                "<li>A clear reduction in the time from detection to collection at hotspots compared "
                "with the pre-pilot baseline, measured and reported monthly.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Equipment locations on the bay must be approved by the Ha Long Bay Management "
                "Board and must not affect the landscape or shipping lanes.</li>"
                "<li>Integration with the provincial IOC through an open API, following the data "
                "standard issued by the Department of Science and Technology.</li>"
                "<li>Data stored and processed in Vietnam; images that can identify people must be "
                "handled under Decree 13/2023/ND-CP on personal data protection.</li>"
                "<li>12-month pilot within the Ha Long Bay area; administration interface in "
                "Vietnamese.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P02
    {
        "code": "P02",
        "slug": "p02-smart-tourist-flow",
        "sector": "tourism",
        "budget_ceiling": 6_500_000_000,
        "opens_offset_days": -12,
        "closes_offset_days": 50,
        "judging_offset_days": 57,
        "results_offset_days": 100,
        "vi": {
            "title": "Điều tiết thông minh dòng khách du lịch trên vịnh Hạ Long và tại Yên Tử",
            "summary": (
                "Dự báo và điều tiết lượng khách tại cảng tàu du lịch, tuyến tham quan vịnh Hạ Long và "
                "khu di tích Yên Tử, giảm ùn tắc giờ cao điểm và nâng cao trải nghiệm du khách."
            ),
            "owning_agency": "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh",
            "statement": (
                "<p>Vào dịp lễ, cuối tuần và mùa lễ hội, lượng khách tập trung cùng lúc tại các cảng tàu "
                "khách, các tuyến tham quan trên vịnh Hạ Long và khu di tích, danh "
                "thắng Yên Tử. Tình trạng xếp hàng dài, quá tải tại hang động, điểm tham quan và bến cáp "
                "treo ảnh hưởng đến trải nghiệm của du khách, an toàn và công tác bảo tồn.</p>"
                "<p>Tỉnh cần một giải pháp dự báo lượng khách theo ngày và khung giờ, hỗ trợ phân bổ "
                "lịch xuất bến, giới hạn sức chứa theo điểm và gợi ý cho du khách thời điểm, lộ trình "
                "phù hợp, dựa trên dữ liệu bán vé, đặt chỗ và cảm biến đếm người.</p>"
            ),
            "context": (
                "<p>Vé tham quan vịnh Hạ Long đã được bán trực tuyến và một phần dữ liệu tàu, khách đã "
                "được số hóa. Tuy nhiên, dữ liệu từ doanh nghiệp tàu, đơn vị quản lý cảng, khu di tích "
                "Yên Tử và các nền tảng đặt phòng chưa được liên thông để dự báo và điều tiết chung.</p>"
                "<p>Chiến lược phát triển du lịch của tỉnh hướng đến du lịch chất lượng cao, bền vững, "
                "kéo dài thời gian lưu trú và giảm tính mùa vụ. Điều tiết dòng khách là điều kiện để bảo "
                "vệ di sản đồng thời tăng trải nghiệm, không đơn thuần là hạn chế lượng khách.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Mô hình dự báo lượng khách theo ngày và khung giờ cho ít nhất 3 điểm trọng điểm, sai "
                "số mục tiêu dưới 15% trong giai đoạn thí điểm.</li>"
                "<li>Bảng điều hành cho cơ quan quản lý hiển thị mức độ tập trung khách gần thời gian thực "
                "và cảnh báo khi vượt ngưỡng sức chứa.</li>"
                "<li>Kênh thông tin cho du khách (web, ứng dụng hoặc Zalo) gợi ý khung giờ, tuyến ít "
                "đông, bằng tiếng Việt, tiếng Anh và ít nhất một ngôn ngữ khác.</li>"
                "<li>Giảm thời gian chờ trung bình tại cảng tàu vào ngày cao điểm so với trước thí điểm.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Tích hợp với hệ thống bán vé điện tử hiện có và IOC của tỉnh; không yêu cầu du "
                "khách cài thêm ứng dụng bắt buộc.</li>"
                "<li>Dữ liệu vị trí, đặt chỗ của du khách phải được ẩn danh hoặc tổng hợp, tuân thủ "
                "Nghị định 13/2023/NĐ-CP.</li>"
                "<li>Hệ thống được lưu trữ tại Việt Nam; giao diện quản trị bằng tiếng Việt.</li>"
                "<li>Thí điểm trong một mùa du lịch (khoảng 6–9 tháng) tại vịnh Hạ Long và Yên Tử.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Smart tourist flow management for Ha Long Bay cruises and Yen Tu",
            "summary": (
                "Forecast and manage visitor numbers at cruise ports, Ha Long Bay routes and the Yen "
                "Tu heritage site to cut peak-hour crowding and improve the visitor experience."
            ),
            "owning_agency": "Quang Ninh Department of Culture, Sports and Tourism",
            "statement": (
                "<p>On public holidays, weekends and during the festival season, visitors arrive at the "
                "same time at the passenger ports, on the Ha Long Bay sightseeing "
                "routes and at the Yen Tu relic and landscape site. Long queues and overcrowding in "
                "caves, at viewpoints and at cable car stations hurt the visitor experience, safety "
                "and conservation.</p>"
                "<p>The province needs a solution that forecasts visitor numbers by day and time slot, "
                "helps schedule departures, sets capacity limits per site and suggests suitable times "
                "and routes to visitors, based on ticketing, booking and people-counting data.</p>"
            ),
            "context": (
                "<p>Ha Long Bay tickets are already sold online and part of the boat and passenger data "
                "has been digitised. However, data from cruise operators, port managers, the Yen Tu site "
                "and booking platforms are not yet linked for joint forecasting and management.</p>"
                "<p>The province's tourism strategy aims at high-quality, sustainable tourism, longer "
                "stays and less seasonality. Managing visitor flows is a condition for protecting the "
                "heritage while improving the experience, not simply a way to cap numbers.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>A forecasting model by day and time slot for at least 3 key sites, with a target "
                "error below 15% during the pilot.</li>"
                "<li>An operations dashboard for the authorities showing near-real-time crowding and "
                "alerts when capacity thresholds are exceeded.</li>"
                "<li>A visitor information channel (web, app or Zalo) suggesting quieter times and "
                "routes, in Vietnamese, English and at least one other language.</li>"
                "<li>Lower average waiting time at the cruise port on peak days than before the "
                "pilot.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with the existing e-ticketing system and the provincial IOC; visitors "
                "must not be required to install an extra app.</li>"
                "<li>Visitor location and booking data must be anonymised or aggregated, in line with "
                "Decree 13/2023/ND-CP.</li>"
                "<li>Hosted in Vietnam; administration interface in Vietnamese.</li>"
                "<li>Pilot over one tourist season (about 6–9 months) on Ha Long Bay and at Yen Tu.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P03
    {
        "code": "P03",
        "slug": "p03-underground-mine-safety",
        "sector": "mining_energy",
        "budget_ceiling": 15_000_000_000,
        "opens_offset_days": -20,
        "closes_offset_days": 60,
        "judging_offset_days": 67,
        "results_offset_days": 110,
        "vi": {
            "title": "Cảnh báo sớm khí mỏ và dịch động đất đá trong các mỏ than hầm lò",
            "summary": (
                "Giải pháp giám sát tập trung khí mê-tan, khí độc và dịch động đất đá, cảnh báo sớm "
                "nguy cơ sự cố cho thợ mỏ tại các mỏ than hầm lò vùng Cẩm Phả, Hạ Long, Uông Bí."
            ),
            "owning_agency": "Sở Công Thương tỉnh Quảng Ninh",
            "statement": (
                "<p>Khai thác than ở Quảng Ninh ngày càng xuống sâu, chủ yếu bằng phương pháp hầm lò, "
                "kéo theo nguy cơ tích tụ khí mê-tan, khí CO, bục nước, sập đổ lò và dịch động đất đá. "
                "Nhiều mỏ đã có hệ thống đo khí tự động, nhưng dữ liệu từ các hệ thống khác nhau chưa "
                "được phân tích tổng hợp để dự báo nguy cơ trước khi vượt ngưỡng.</p>"
                "<p>Tỉnh và các doanh nghiệp ngành than cần một giải pháp kết nối dữ liệu khí, thông "
                "gió, áp lực mỏ và vị trí người lao động, áp dụng phân tích dữ liệu hoặc trí tuệ nhân "
                "tạo để đưa ra cảnh báo sớm, hỗ trợ ra quyết định sơ tán và ứng cứu.</p>"
            ),
            "context": (
                "<p>Các mỏ hầm lò thuộc Tập đoàn Công nghiệp Than – Khoáng sản Việt Nam (TKV) và Tổng "
                "công ty Đông Bắc tập trung ở Cẩm Phả, Hạ Long, Uông Bí và Đông Triều. Các đơn vị đã "
                "đầu tư hệ thống quan trắc khí tập trung, camera và định vị người trong lò ở mức độ "
                "khác nhau, với thiết bị của nhiều nhà cung cấp.</p>"
                "<p>An toàn lao động là ưu tiên hàng đầu của ngành than. Giải pháp được thí điểm cùng "
                "một mỏ hầm lò, dưới sự giám sát của cơ quan quản lý nhà nước về an toàn và tuân thủ "
                "quy chuẩn kỹ thuật quốc gia về an toàn trong khai thác than hầm lò.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Nền tảng hợp nhất dữ liệu từ ít nhất 2 hệ thống quan trắc khí và định vị người hiện "
                "có tại mỏ thí điểm.</li>"
                "<li>Cảnh báo xu hướng tăng nồng độ khí trước khi chạm ngưỡng, với mục tiêu báo sớm tối "
                "thiểu 10 phút và tỷ lệ cảnh báo giả được theo dõi, giảm dần.</li>"
                "<li>Bản đồ vị trí thợ mỏ và lối thoát hiểm hiển thị tại trung tâm điều khiển, cập nhật "
                "dưới 1 phút.</li>"
                "<li>Quy trình ứng phó được số hóa và diễn tập ít nhất 2 lần trong thời gian thí điểm.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Thiết bị đặt trong lò phải đạt yêu cầu phòng nổ theo quy chuẩn Việt Nam hiện "
                "hành.</li>"
                "<li>Tích hợp, không thay thế các hệ thống quan trắc đã được kiểm định; không làm gián "
                "đoạn sản xuất.</li>"
                "<li>Dữ liệu vị trí người lao động là dữ liệu cá nhân, chỉ dùng cho mục đích an toàn, "
                "xử lý theo Nghị định 13/2023/NĐ-CP; lưu trữ tại Việt Nam.</li>"
                "<li>Thí điểm tại một mỏ hầm lò trong 12 tháng; giao diện và tài liệu bằng tiếng "
                "Việt.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Early warning of mine gas and ground movement in underground coal mines",
            "summary": (
                "Centralised monitoring of methane, toxic gases and ground movement with early warning "
                "for miners in underground coal mines around Cam Pha, Ha Long and Uong Bi."
            ),
            "owning_agency": "Quang Ninh Department of Industry and Trade",
            "statement": (
                "<p>Coal mining in Quang Ninh goes ever deeper and is mostly underground, which brings "
                "risks of methane and carbon monoxide build-up, water inrush, roof collapse and ground "
                "movement. Many mines already have automatic gas monitoring, but data from different "
                "systems are not analysed together to predict risk before thresholds are crossed.</p>"
                "<p>The province and coal companies need a solution that links gas, ventilation, rock "
                "pressure and worker location data and uses data analysis or artificial intelligence to "
                "give early warnings and support decisions on evacuation and rescue.</p>"
            ),
            "context": (
                "<p>The underground mines of the Vietnam National Coal – Mineral Industries Holding "
                "(Vinacomin) and Dong Bac Corporation are concentrated in Cam Pha, Ha Long, Uong Bi and "
                "Dong Trieu. Operators have invested, to varying degrees, in centralised gas "
                "monitoring, cameras and underground personnel tracking, using equipment from several "
                "suppliers.</p>"
                "<p>Worker safety is the coal industry's first priority. The solution will be piloted "
                "with one underground mine, under the supervision of the state safety authority and in "
                "compliance with the national technical regulation on safety in underground coal "
                "mining.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>A platform unifying data from at least 2 existing gas monitoring and personnel "
                "tracking systems at the pilot mine.</li>"
                "<li>Warnings of rising gas trends before thresholds are reached, targeting at least 10 "
                "minutes of lead time, with the false alarm rate tracked and falling.</li>"
                "<li>A map of miners' positions and escape routes at the control centre, updated in "
                "under 1 minute.</li>"
                "<li>A digitised response procedure, rehearsed at least twice during the pilot.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Underground equipment must meet explosion-proof requirements under current "
                "Vietnamese regulations.</li>"
                "<li>Integrate with, not replace, certified monitoring systems; no disruption to "
                "production.</li>"
                "<li>Worker location data is personal data, used for safety only and handled under "
                "Decree 13/2023/ND-CP; stored in Vietnam.</li>"
                "<li>12-month pilot at one underground mine; interface and documentation in "
                "Vietnamese.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P04
    {
        "code": "P04",
        "slug": "p04-post-mining-land-rehabilitation",
        "sector": "environment",
        "budget_ceiling": 7_000_000_000,
        "opens_offset_days": 10,
        "closes_offset_days": 70,
        "judging_offset_days": 77,
        "results_offset_days": 120,
        "vi": {
            "title": "Giám sát bãi thải mỏ và phục hồi đất sau khai thác than",
            "summary": (
                "Theo dõi ổn định bãi thải mỏ bằng dữ liệu viễn thám, thiết bị bay và cảm biến, đồng "
                "thời đánh giá hiệu quả cải tạo, phục hồi môi trường và tái sử dụng đất sau khai thác."
            ),
            "owning_agency": "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh",
            "statement": (
                "<p>Hàng chục năm khai thác than lộ thiên đã để lại nhiều bãi thải đất đá quy mô lớn ở "
                "Cẩm Phả, Hạ Long và Uông Bí. Khi mùa mưa bão đến, nguy cơ sạt trượt, trôi lấp đất đá "
                "xuống khu dân cư, sông suối và vịnh là mối lo thường trực, nhất là sau các đợt mưa "
                "lớn kéo dài.</p>"
                "<p>Tỉnh cần giải pháp giám sát biến dạng, xói mòn và thảm phủ thực vật trên các bãi "
                "thải, cảnh báo sớm nguy cơ mất ổn định và theo dõi tiến độ, chất lượng cải tạo, phục "
                "hồi môi trường, làm cơ sở cho quy hoạch tái sử dụng đất (trồng rừng, năng lượng mặt "
                "trời, công viên, đô thị).</p>"
            ),
            "context": (
                "<p>Các doanh nghiệp khai thác có nghĩa vụ cải tạo, phục hồi môi trường theo phương án "
                "được phê duyệt. Nhiều bãi thải đã ngừng đổ thải và được trồng cây, nhưng việc kiểm tra "
                "hiện chủ yếu bằng khảo sát thực địa định kỳ, tốn thời gian và khó bao quát.</p>"
                "<p>Quảng Ninh đang chuyển đổi từ tăng trưởng dựa vào khai thác tài nguyên sang kinh tế "
                "xanh. Dữ liệu tin cậy về hiện trạng bãi thải giúp cơ quan quản lý, doanh nghiệp và "
                "cộng đồng cùng giám sát việc thực hiện cam kết phục hồi.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Bản đồ số hiện trạng của ít nhất 3 bãi thải thí điểm, cập nhật theo quý từ ảnh vệ "
                "tinh hoặc thiết bị bay.</li>"
                "<li>Phát hiện chuyển dịch bề mặt ở mức centimet tại các điểm xung yếu và cảnh báo khi "
                "vượt ngưỡng, đặc biệt trong mùa mưa bão.</li>"
                "<li>Chỉ số thảm phủ thực vật và xói mòn cho từng khu vực cải tạo, so sánh với phương án "
                "được phê duyệt.</li>"
                "<li>Báo cáo tự động phục vụ kiểm tra, giám sát, giảm số lần khảo sát thực địa không cần "
                "thiết.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Phối hợp với doanh nghiệp quản lý bãi thải; bay thiết bị không người lái phải được "
                "cấp phép theo quy định.</li>"
                "<li>Dữ liệu chia sẻ được với cơ sở dữ liệu đất đai, môi trường của tỉnh và IOC.</li>"
                "<li>Dữ liệu lưu trữ tại Việt Nam; tuân thủ quy định về bảo vệ bí mật nhà nước với bản "
                "đồ, dữ liệu địa hình.</li>"
                "<li>Thí điểm 12 tháng, bao gồm ít nhất một mùa mưa bão; giao diện bằng tiếng Việt.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Spoil dump monitoring and land rehabilitation after coal mining",
            "summary": (
                "Monitor the stability of mine spoil dumps with remote sensing, drones and sensors, "
                "and assess land rehabilitation and reuse after mining."
            ),
            "owning_agency": "Quang Ninh Department of Agriculture and Environment",
            "statement": (
                "<p>Decades of open-pit coal mining have left many large spoil dumps around Cam Pha, Ha "
                "Long and Uong Bi. In the rainy and typhoon season, the risk of landslides and of waste "
                "rock washing into villages, rivers and the bay is a constant concern, especially "
                "after long spells of heavy rain.</p>"
                "<p>The province needs a solution to monitor deformation, erosion and vegetation cover "
                "on spoil dumps, give early warning of instability, and track the progress and quality "
                "of rehabilitation, as a basis for planning land reuse (forestry, solar power, parks, "
                "urban development).</p>"
            ),
            "context": (
                "<p>Mining companies are obliged to rehabilitate sites under approved plans. Many dumps "
                "are no longer in use and have been replanted, but checks rely mainly on periodic field "
                "surveys, which are slow and cannot cover everything.</p>"
                "<p>Quang Ninh is shifting from growth based on resource extraction to a green economy. "
                "Reliable data on the state of spoil dumps lets regulators, companies and communities "
                "follow up on rehabilitation commitments together.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>A digital status map of at least 3 pilot dumps, updated quarterly from satellite "
                "or drone imagery.</li>"
                "<li>Centimetre-level surface displacement detection at weak points, with alerts when "
                "thresholds are crossed, especially in the rainy season.</li>"
                "<li>Vegetation cover and erosion indicators for each rehabilitated area, compared with "
                "the approved plan.</li>"
                "<li>Automatic reports for inspection, reducing unnecessary field surveys.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Work with the companies that manage the dumps; drone flights must be licensed as "
                "required by law.</li>"
                "<li>Data must be shareable with the provincial land and environment databases and the "
                "IOC.</li>"
                "<li>Data stored in Vietnam; maps and terrain data handled under the rules on state "
                "secrets.</li>"
                "<li>12-month pilot covering at least one rainy season; interface in Vietnamese.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P05
    {
        "code": "P05",
        "slug": "p05-port-truck-congestion",
        "sector": "ports_logistics",
        "budget_ceiling": 9_000_000_000,
        "opens_offset_days": -10,
        "closes_offset_days": 40,
        "judging_offset_days": 47,
        "results_offset_days": 90,
        "vi": {
            "title": "Điều phối xe tải và giảm ùn tắc tại khu vực cảng Cái Lân, cảng Cẩm Phả",
            "summary": (
                "Nền tảng đặt lịch và điều phối xe ra vào cảng, kết nối dữ liệu cảng, kho bãi và giao "
                "thông để giảm ùn tắc, thời gian chờ và phát thải tại Cái Lân và Cẩm Phả."
            ),
            "owning_agency": "Sở Xây dựng tỉnh Quảng Ninh",
            "statement": (
                "<p>Cảng Cái Lân và cảng Cẩm Phả là cửa ngõ hàng hóa quan trọng của vùng Đông Bắc, phục "
                "vụ hàng container, hàng rời, than, xi măng và vật liệu xây dựng. Vào thời điểm tàu cập "
                "cảng dồn dập, xe tải xếp hàng dài trên các tuyến dẫn vào cảng và Quốc lộ 18, gây ùn "
                "tắc, mất an toàn giao thông, bụi và tiếng ồn cho khu dân cư.</p>"
                "<p>Tỉnh cần một giải pháp cho phép doanh nghiệp vận tải đặt lịch vào cảng theo khung "
                "giờ, chia sẻ thông tin tàu, bãi và cổng cảng, đồng thời cung cấp cho cơ quan quản lý "
                "bức tranh gần thời gian thực về lưu lượng xe để điều tiết kịp thời.</p>"
            ),
            "context": (
                "<p>Các doanh nghiệp cảng đã có hệ thống quản lý khai thác cảng và cổng tự động ở các "
                "mức độ khác nhau; hải quan đã triển khai hệ thống giám sát hải quan tự động tại cảng "
                "biển. Tuy vậy, lái xe và chủ hàng vẫn thiếu thông tin chung về thời điểm nên vào cảng.</p>"
                "<p>Quy hoạch tỉnh định hướng phát triển Quảng Ninh thành trung tâm logistics của vùng, "
                "gắn với các khu công nghiệp ven biển và tuyến cao tốc. Giải pháp tốt có thể được nhân "
                "rộng cho các cảng, cảng cạn và khu công nghiệp khác trong tỉnh.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Ít nhất 30% lượt xe vào cảng thí điểm được đặt lịch qua nền tảng sau 6 tháng.</li>"
                "<li>Giảm thời gian chờ trung bình của xe tải tại cổng cảng so với số liệu nền đo trước "
                "thí điểm.</li>"
                "<li>Bảng điều hành hiển thị lưu lượng xe trên các tuyến dẫn vào cảng, cảnh báo khi có "
                "nguy cơ ùn tắc, kết nối với IOC.</li>"
                "<li>Báo cáo ước tính lượng nhiên liệu và phát thải tiết kiệm được nhờ giảm thời gian "
                "chờ.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Kết nối với hệ thống của doanh nghiệp cảng qua API; không yêu cầu thay thế hệ thống "
                "quản lý khai thác cảng hiện có.</li>"
                "<li>Ứng dụng cho lái xe đơn giản, tiếng Việt, dùng được trên điện thoại phổ thông.</li>"
                "<li>Dữ liệu biển số, lái xe và vị trí xử lý theo Nghị định 13/2023/NĐ-CP; lưu trữ tại "
                "Việt Nam.</li>"
                "<li>Thí điểm 9 tháng tại ít nhất một cổng cảng.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Truck scheduling and congestion relief at Cai Lan and Cam Pha ports",
            "summary": (
                "A platform to book and coordinate trucks entering the ports, linking port, yard and "
                "traffic data to cut congestion, waiting time and emissions at Cai Lan and Cam Pha."
            ),
            "owning_agency": "Quang Ninh Department of Construction",
            "statement": (
                "<p>Cai Lan and Cam Pha ports are key cargo gateways for the north-east, handling "
                "containers, bulk cargo, coal, cement and building materials. When many vessels arrive "
                "at once, trucks queue along the access roads and National Route 18, causing congestion, "
                "safety risks, dust and noise for residents.</p>"
                "<p>The province needs a solution that lets hauliers book port entry by time slot, "
                "shares vessel, yard and gate information, and gives the authorities a near-real-time "
                "picture of truck flows so they can act in time.</p>"
            ),
            "context": (
                "<p>Port operators run terminal operating systems and automated gates to varying "
                "degrees, and customs has deployed automated customs supervision at seaports. Even so, "
                "drivers and cargo owners lack shared information about when to come to the port.</p>"
                "<p>The provincial master plan aims to make Quang Ninh a regional logistics hub linked "
                "to coastal industrial parks and expressways. A good solution could be scaled to other "
                "ports, dry ports and industrial parks in the province.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>At least 30% of truck entries at the pilot port booked through the platform after "
                "6 months.</li>"
                "<li>Lower average truck waiting time at the gate compared with the baseline measured "
                "before the pilot.</li>"
                "<li>A dashboard of truck flows on port access roads with congestion alerts, connected "
                "to the IOC.</li>"
                "<li>A report estimating fuel and emissions saved through shorter waiting times.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with port operators' systems via API; no replacement of existing "
                "terminal operating systems.</li>"
                "<li>A simple driver app in Vietnamese that works on low-end phones.</li>"
                "<li>Licence plate, driver and location data handled under Decree 13/2023/ND-CP; stored "
                "in Vietnam.</li>"
                "<li>9-month pilot at one or more port gates.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P06
    {
        "code": "P06",
        "slug": "p06-mong-cai-border-clearance",
        "sector": "trade",
        "budget_ceiling": 10_000_000_000,
        "opens_offset_days": -20,
        "closes_offset_days": 4,
        "judging_offset_days": 8,
        "results_offset_days": 45,
        "vi": {
            "title": "Thông quan nhanh và thương mại điện tử xuyên biên giới tại cửa khẩu Móng Cái",
            "summary": (
                "Số hóa luồng hàng và phương tiện qua cửa khẩu quốc tế Móng Cái (cầu Bắc Luân), rút "
                "ngắn thời gian thông quan và hỗ trợ hàng thương mại điện tử xuyên biên giới."
            ),
            "owning_agency": "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh",
            "statement": (
                "<p>Cửa khẩu quốc tế Móng Cái, với cầu Bắc Luân nối sang Đông Hưng (Quảng Tây, Trung "
                "Quốc), là một trong những cửa ngõ thương mại biên giới quan trọng nhất phía Bắc. Hàng "
                "nông sản, thủy sản, hàng tiêu dùng và các kiện hàng thương mại điện tử ngày càng tăng, "
                "trong khi nhiều khâu khai báo, điều phối phương tiện và kiểm tra chuyên ngành vẫn còn "
                "thủ công, rời rạc.</p>"
                "<p>Tỉnh tìm kiếm giải pháp số hóa luồng phương tiện từ bãi chờ đến cửa khẩu, cung cấp "
                "thông tin trạng thái thông quan cho doanh nghiệp và lái xe, và hỗ trợ quy trình gom, "
                "khai báo, kiểm tra hàng thương mại điện tử giá trị nhỏ một cách minh bạch.</p>"
            ),
            "context": (
                "<p>Tại các cửa khẩu đường bộ của tỉnh đã có phần mềm quản lý phương tiện ra vào bãi "
                "và thu phí hạ tầng. Cơ quan hải quan, biên phòng, kiểm dịch "
                "mỗi đơn vị có hệ thống nghiệp vụ riêng theo quy định của bộ, ngành.</p>"
                "<p>Nông sản tươi là mặt hàng nhạy cảm về thời gian: mỗi giờ chờ đợi làm giảm chất lượng "
                "và thu nhập của nông dân, doanh nghiệp. Thương mại điện tử xuyên biên giới mở ra cơ hội "
                "cho doanh nghiệp nhỏ của tỉnh nhưng đòi hỏi quy trình phù hợp với đơn hàng nhỏ, số "
                "lượng lớn.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Doanh nghiệp và lái xe tra cứu được trạng thái phương tiện, hàng hóa theo từng bước "
                "từ bãi chờ đến khi qua cửa khẩu.</li>"
                "<li>Giảm thời gian trung bình từ khi vào bãi đến khi xuất cảnh đối với phương tiện thí "
                "điểm so với số liệu nền.</li>"
                "<li>Quy trình số cho hàng thương mại điện tử giá trị nhỏ, được thử nghiệm với ít nhất "
                "5 doanh nghiệp.</li>"
                "<li>Báo cáo, thống kê tự động phục vụ điều hành tại IOC và Ban Quản lý Khu kinh tế.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Tích hợp với phần mềm quản lý cửa khẩu hiện có; trao đổi với hệ thống của hải quan, biên "
                "phòng chỉ qua các giao diện được cơ quan chủ quản cho phép.</li>"
                "<li>Tuân thủ quy định về dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP) và quy định chuyên "
                "ngành về an ninh, quốc phòng khu vực biên giới.</li>"
                "<li>Hệ thống đặt tại Việt Nam; giao diện tiếng Việt, có tiếng Trung cho lái xe, đối tác "
                "phía bạn.</li>"
                "<li>Thí điểm 6–9 tháng tại một cửa khẩu.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Faster clearance and cross-border e-commerce at the Mong Cai border gate",
            "summary": (
                "Digitise the flow of goods and vehicles through the Mong Cai international border gate "
                "(Bac Luan bridge), shorten clearance times and support cross-border e-commerce."
            ),
            "owning_agency": "Quang Ninh Economic Zones Authority",
            "statement": (
                "<p>The Mong Cai international border gate, with the Bac Luan bridge to Dongxing "
                "(Guangxi, China), is one of the most important border trade gateways in the north. "
                "Volumes of farm produce, seafood, consumer goods and e-commerce parcels keep growing, "
                "while many steps in declaration, vehicle coordination and specialised inspection are "
                "still manual and fragmented.</p>"
                "<p>The province is looking for a solution that digitises vehicle flows from the "
                "waiting yard to the gate, gives businesses and drivers clearance status information, "
                "and supports a transparent process for consolidating, declaring and inspecting "
                "low-value e-commerce goods.</p>"
            ),
            "context": (
                "<p>The province's road border gates already use software that manages vehicles "
                "entering the yards and collects infrastructure fees. Customs, border "
                "guards and quarantine each run their own systems under their ministries' rules.</p>"
                "<p>Fresh produce is time-sensitive: every hour of waiting lowers quality and income for "
                "farmers and traders. Cross-border e-commerce opens opportunities for small local "
                "businesses but requires procedures suited to many small orders.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Businesses and drivers can see the status of vehicles and goods at every step from "
                "the waiting yard to crossing the border.</li>"
                "<li>Shorter average time from yard entry to exit for pilot vehicles compared with the "
                "baseline.</li>"
                "<li>A digital process for low-value e-commerce goods, tested with at least 5 "
                "businesses.</li>"
                "<li>Automatic reports and statistics for operations at the IOC and the Economic Zones "
                "Authority.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with the existing border gate management software; exchanges with customs "
                "and border guard systems only through interfaces their agencies authorise.</li>"
                "<li>Compliance with personal data rules (Decree 13/2023/ND-CP) and with security and "
                "defence rules for border areas.</li>"
                "<li>Hosted in Vietnam; Vietnamese interface, with Chinese for drivers and partners "
                "across the border.</li>"
                "<li>6–9-month pilot at one border gate.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P07
    {
        "code": "P07",
        "slug": "p07-van-don-aquaculture-traceability",
        "sector": "aquaculture",
        "budget_ceiling": 5_000_000_000,
        "opens_offset_days": -14,
        "closes_offset_days": 55,
        "judging_offset_days": 62,
        "results_offset_days": 105,
        "vi": {
            "title": "Quản lý không gian biển và truy xuất nguồn gốc nuôi biển tại Vân Đồn",
            "summary": (
                "Số hóa việc giao khu vực biển, giám sát lồng bè và truy xuất nguồn gốc hàu, ngọc trai, "
                "cá nuôi lồng tại đặc khu Vân Đồn, gắn với quy hoạch không gian biển của tỉnh."
            ),
            "owning_agency": "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh",
            "statement": (
                "<p>Vân Đồn có thế mạnh về nuôi biển, đặc biệt là hàu, ngọc trai và cá lồng. Tuy nhiên, "
                "tình trạng lồng bè tự phát, chồng lấn với luồng tàu, khu du lịch và khu bảo tồn, cùng "
                "việc dùng phao xốp gây rác thải, đang đặt ra thách thức cho quản lý và cho phát triển "
                "bền vững.</p>"
                "<p>Tỉnh cần một giải pháp số giúp cơ quan quản lý theo dõi vị trí, diện tích, vật liệu "
                "lồng bè so với khu vực biển được giao; giúp người nuôi ghi nhật ký nuôi đơn giản; và "
                "giúp người mua truy xuất nguồn gốc sản phẩm bằng mã QR.</p>"
            ),
            "context": (
                "<p>Quảng Ninh đã ban hành quy hoạch nuôi trồng thủy sản trên biển, yêu cầu chuyển đổi "
                "sang vật liệu nổi thân thiện môi trường như phao HDPE và đang đẩy mạnh giao khu vực "
                "biển cho tổ chức, cá nhân nuôi trồng. Bão Yagi năm 2024 đã gây thiệt hại nặng cho lồng "
                "bè, cho thấy cần có dữ liệu chính xác để hỗ trợ, bảo hiểm và khôi phục sản xuất.</p>"
                "<p>Nhiều hộ nuôi là hộ nhỏ, quen ghi chép thủ công và có điều kiện tiếp cận công nghệ "
                "khác nhau. Giải pháp cần dễ dùng, phù hợp điều kiện trên biển và mang lại lợi ích rõ "
                "ràng cho người nuôi, chẳng hạn giá bán tốt hơn nhờ truy xuất nguồn gốc.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Bản đồ số các khu vực biển được giao và lồng bè thực tế tại vùng thí điểm, cập nhật "
                "tối thiểu hằng quý.</li>"
                "<li>Phát hiện lồng bè nằm ngoài khu vực được giao hoặc dùng vật liệu không đúng quy "
                "định, với tỷ lệ xác minh đúng được báo cáo.</li>"
                "<li>Ít nhất 100 hộ, cơ sở nuôi sử dụng nhật ký nuôi điện tử và tem truy xuất nguồn gốc "
                "trong thời gian thí điểm.</li>"
                "<li>Dữ liệu sẵn sàng phục vụ đánh giá thiệt hại nhanh khi có thiên tai.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Kết nối với cơ sở dữ liệu thủy sản và hệ thống giao khu vực biển của tỉnh.</li>"
                "<li>Ứng dụng cho người nuôi bằng tiếng Việt, dùng được khi sóng điện thoại yếu (đồng bộ "
                "khi có mạng).</li>"
                "<li>Thông tin hộ nuôi xử lý theo Nghị định 13/2023/NĐ-CP; lưu trữ tại Việt Nam.</li>"
                "<li>Thí điểm 12 tháng tại một số vùng nuôi của đặc khu Vân Đồn.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Marine spatial management and aquaculture traceability in Van Don",
            "summary": (
                "Digitise sea area allocation, monitor fish cages and rafts, and trace oysters, pearls "
                "and cage-farmed fish in the Van Don special zone, in line with the marine spatial plan."
            ),
            "owning_agency": "Quang Ninh Department of Agriculture and Environment",
            "statement": (
                "<p>Van Don is strong in marine aquaculture, especially oysters, pearls and cage-farmed "
                "fish. However, unplanned cages and rafts overlapping with shipping lanes, tourist and "
                "conservation areas, and the use of polystyrene floats that end up as waste, challenge "
                "both management and sustainable growth.</p>"
                "<p>The province needs a digital solution that lets the authorities check the position, "
                "area and materials of cages against allocated sea areas, lets farmers keep a simple "
                "farming log, and lets buyers trace products with a QR code.</p>"
            ),
            "context": (
                "<p>Quang Ninh has adopted a plan for marine aquaculture that requires a switch to "
                "environmentally friendly floats such as HDPE, and is stepping up the allocation of sea "
                "areas to farming organisations and households. Typhoon Yagi in 2024 badly damaged "
                "cages and rafts, showing the need for accurate data to support relief, insurance and "
                "recovery.</p>"
                "<p>Many farms are small households used to paper records, with uneven access to "
                "technology. The solution must be easy to use, work at sea and bring clear benefits to "
                "farmers, such as better prices thanks to traceability.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>A digital map of allocated sea areas and actual cages in the pilot area, updated at "
                "least quarterly.</li>"
                "<li>Detection of cages outside allocated areas or using non-compliant materials, with "
                "the verified accuracy reported.</li>"
                "<li>At least 100 farming households or businesses using electronic farming logs and "
                "traceability labels during the pilot.</li>"
                "<li>Data ready for rapid damage assessment after natural disasters.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with the provincial fisheries database and sea area allocation "
                "system.</li>"
                "<li>A farmer app in Vietnamese that works with weak mobile coverage (syncs when "
                "online).</li>"
                "<li>Farmers' information handled under Decree 13/2023/ND-CP; stored in Vietnam.</li>"
                "<li>12-month pilot in selected farming areas of the Van Don special zone.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P08
    {
        "code": "P08",
        "slug": "p08-typhoon-flood-early-warning",
        "sector": "disaster_resilience",
        "budget_ceiling": 12_000_000_000,
        "opens_offset_days": -90,
        "closes_offset_days": -10,
        "judging_offset_days": -8,
        "results_offset_days": 30,
        "vi": {
            "title": "Cảnh báo sớm bão, lũ và điều hành ứng phó cho các xã, phường ven biển",
            "summary": (
                "Rút kinh nghiệm từ bão Yagi năm 2024: cảnh báo sớm đến từng người dân, tàu thuyền và "
                "lồng bè, đồng thời hỗ trợ điều hành sơ tán, cứu hộ và đánh giá thiệt hại nhanh."
            ),
            "owning_agency": "Ban Chỉ huy Phòng thủ dân sự tỉnh Quảng Ninh",
            "statement": (
                "<p>Tháng 9 năm 2024, bão Yagi đổ bộ trực tiếp vào Quảng Ninh với sức gió rất mạnh, gây "
                "thiệt hại nặng nề về nhà cửa, cây xanh, tàu thuyền, lồng bè nuôi trồng và hạ tầng điện, "
                "viễn thông. Khi mất điện và mất sóng diện rộng, việc truyền tin cảnh báo và nắm bắt "
                "tình hình tại cơ sở gặp rất nhiều khó khăn.</p>"
                "<p>Tỉnh cần giải pháp đưa cảnh báo sớm, cụ thể theo địa bàn đến từng hộ dân, chủ tàu "
                "và người nuôi biển qua nhiều kênh; hỗ trợ chính quyền cấp xã theo dõi sơ tán, tiếp nhận "
                "yêu cầu cứu trợ; và tổng hợp nhanh thiệt hại ngay cả khi hạ tầng bị gián đoạn.</p>"
            ),
            "context": (
                "<p>Hiện nay thông tin cảnh báo được truyền qua đài phát thanh, loa truyền thanh cơ sở, "
                "tin nhắn của nhà mạng, đài thông tin duyên hải và các nhóm mạng xã hội. "
                "Dữ liệu từ đài khí tượng, trạm đo mưa, mực nước và hệ thống giám sát tàu cá chưa được "
                "kết nối thành một bức tranh điều hành thống nhất.</p>"
                "<p>Sau sắp xếp đơn vị hành chính năm 2025, chính quyền cấp xã quản lý địa bàn rộng hơn "
                "và là tuyến đầu ứng phó thiên tai. Giải pháp cần phù hợp với năng lực cán bộ cơ sở và "
                "phương châm “bốn tại chỗ”.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Cảnh báo theo địa bàn gửi được qua ít nhất 3 kênh (tin nhắn, ứng dụng, loa truyền "
                "thanh thông minh), với mục tiêu đến được phần lớn hộ dân vùng thí điểm trong vòng 30 "
                "phút.</li>"
                "<li>Danh sách tàu thuyền, lồng bè, hộ dân cần sơ tán được cập nhật và theo dõi trạng "
                "thái theo thời gian thực.</li>"
                "<li>Chức năng báo cáo thiệt hại có ảnh, vị trí, hoạt động được khi mạng chập chờn.</li>"
                "<li>Ít nhất 2 cuộc diễn tập tại các xã, phường ven biển trước mùa mưa bão.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Kết nối với hệ thống thông tin phòng, chống thiên tai hiện có của tỉnh và IOC.</li>"
                "<li>Có phương án dự phòng khi mất điện, mất sóng di động (ví dụ thiết bị vệ tinh, vô "
                "tuyến).</li>"
                "<li>Dữ liệu cư dân xử lý theo Nghị định 13/2023/NĐ-CP; lưu trữ tại Việt Nam; giao diện "
                "bằng tiếng Việt.</li>"
                "<li>Thí điểm tại 3–5 xã, phường ven biển trong một mùa mưa bão.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Typhoon and flood early warning and response for coastal communes",
            "summary": (
                "Learning from Typhoon Yagi in 2024: early warnings that reach every household, boat "
                "and fish farm, plus support for evacuation, rescue and rapid damage assessment."
            ),
            "owning_agency": "Quang Ninh Provincial Civil Defence Command",
            "statement": (
                "<p>In September 2024, Typhoon Yagi made landfall directly in Quang Ninh with extremely "
                "strong winds, causing severe damage to houses, trees, boats, aquaculture cages and "
                "power and telecom networks. With widespread power and network outages, sending "
                "warnings and knowing the situation on the ground became very difficult.</p>"
                "<p>The province needs a solution that delivers specific, location-based early "
                "warnings to every household, boat owner and fish farmer through several channels; "
                "helps commune authorities track evacuation and receive requests for help; and compiles "
                "damage quickly even when infrastructure is down.</p>"
            ),
            "context": (
                "<p>Warnings currently go out through radio, local loudspeaker systems, operator text "
                "messages, coastal radio stations and social media groups. Data from "
                "the weather service, rain and water level gauges and fishing vessel monitoring are not "
                "yet joined into a single operational picture.</p>"
                "<p>After the 2025 reorganisation of administrative units, commune authorities cover "
                "larger areas and are the front line of disaster response. The solution must fit the "
                'capacity of local officials and the "four on-the-spot" principle.</p>'
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Location-based warnings through at least 3 channels (text messages, app, smart "
                "loudspeakers), targeting most households in the pilot area within 30 minutes.</li>"
                "<li>Up-to-date lists of boats, cages and households to evacuate, with real-time status "
                "tracking.</li>"
                "<li>Damage reporting with photos and locations that works on unstable networks.</li>"
                "<li>At least 2 drills in coastal communes and wards before the typhoon season.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with the province's existing disaster management information system "
                "and the IOC.</li>"
                "<li>A fallback when power and mobile networks fail (for example satellite or radio "
                "devices).</li>"
                "<li>Residents' data handled under Decree 13/2023/ND-CP; stored in Vietnam; interface in "
                "Vietnamese.</li>"
                "<li>Pilot in 3–5 coastal communes and wards over one typhoon season.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P09
    {
        "code": "P09",
        "slug": "p09-industrial-park-environment",
        "sector": "industry",
        "budget_ceiling": 6_000_000_000,
        "opens_offset_days": -8,
        "closes_offset_days": 60,
        "judging_offset_days": 67,
        "results_offset_days": 110,
        "vi": {
            "title": "Giám sát môi trường và dịch vụ dùng chung cho các khu công nghiệp",
            "summary": (
                "Nền tảng giám sát nước thải, khí thải, chất thải và cung cấp dịch vụ dùng chung cho "
                "doanh nghiệp trong các khu công nghiệp như DEEP C, Sông Khoai, Bắc Tiền Phong."
            ),
            "owning_agency": "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh",
            "statement": (
                "<p>Các khu công nghiệp của Quảng Ninh, đặc biệt ở khu vực Quảng Yên, Đông Triều và Hải "
                "Hà, đang thu hút nhiều dự án sản xuất mới. Cơ quan quản lý cần theo dõi liên tục việc "
                "tuân thủ môi trường của hàng trăm doanh nghiệp, trong khi doanh nghiệp phải nộp nhiều "
                "báo cáo trùng lặp cho các cơ quan khác nhau.</p>"
                "<p>Tỉnh tìm kiếm một nền tảng thu nhận dữ liệu quan trắc tự động, hồ sơ chất thải và "
                "báo cáo môi trường của doanh nghiệp trong khu công nghiệp, phát hiện bất thường và "
                "cung cấp các dịch vụ dùng chung như cộng sinh công nghiệp, trao đổi phế liệu, năng "
                "lượng và đào tạo.</p>"
            ),
            "context": (
                "<p>Một số khu công nghiệp như DEEP C đã theo đuổi mô hình khu công nghiệp sinh thái, có "
                "trạm xử lý nước thải tập trung với quan trắc tự động. Dữ liệu quan trắc được truyền về "
                "cơ quan quản lý môi trường nhưng chưa được khai thác để hỗ trợ doanh nghiệp cải thiện "
                "hiệu quả sử dụng tài nguyên.</p>"
                "<p>Nhà đầu tư quốc tế ngày càng yêu cầu báo cáo phát thải và tiêu chí ESG. Một nền tảng "
                "dùng chung giúp khu công nghiệp của tỉnh nâng sức cạnh tranh, đồng thời giảm chi phí "
                "tuân thủ cho doanh nghiệp nhỏ và vừa.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Kết nối dữ liệu quan trắc tự động của ít nhất 2 khu công nghiệp thí điểm, cảnh báo "
                "vượt ngưỡng trong vòng 15 phút.</li>"
                "<li>Doanh nghiệp nộp báo cáo môi trường định kỳ một lần, dữ liệu được dùng lại cho các "
                "cơ quan liên quan.</li>"
                "<li>Danh mục cơ hội cộng sinh công nghiệp (phế liệu, nhiệt thừa, nước tái sử dụng) được "
                "xác định cho ít nhất 20 doanh nghiệp.</li>"
                "<li>Bộ chỉ số môi trường và phát thải của khu công nghiệp công khai theo quý.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Tích hợp với hệ thống quan trắc môi trường của tỉnh và hệ thống của nhà đầu tư hạ "
                "tầng khu công nghiệp.</li>"
                "<li>Bảo mật thông tin kinh doanh của doanh nghiệp; phân quyền truy cập rõ ràng.</li>"
                "<li>Lưu trữ tại Việt Nam; giao diện tiếng Việt và tiếng Anh cho doanh nghiệp FDI.</li>"
                "<li>Thí điểm 12 tháng tại 2 khu công nghiệp.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Environmental monitoring and shared services for industrial parks",
            "summary": (
                "A platform for monitoring wastewater, emissions and waste and offering shared services "
                "to companies in industrial parks such as DEEP C, Song Khoai and Bac Tien Phong."
            ),
            "owning_agency": "Quang Ninh Economic Zones Authority",
            "statement": (
                "<p>Quang Ninh's industrial parks, particularly around Quang Yen, Dong Trieu and Hai Ha, "
                "are attracting many new manufacturing projects. The authorities must continuously "
                "check the environmental compliance of hundreds of companies, while companies file "
                "overlapping reports with different agencies.</p>"
                "<p>The province is looking for a platform that collects automatic monitoring data, "
                "waste records and environmental reports from companies in industrial parks, detects "
                "anomalies, and offers shared services such as industrial symbiosis, by-product "
                "exchange, energy and training.</p>"
            ),
            "context": (
                "<p>Some parks, such as DEEP C, have pursued the eco-industrial park model and operate "
                "central wastewater treatment plants with automatic monitoring. Monitoring data reach "
                "the environmental authority but are not used to help companies use resources more "
                "efficiently.</p>"
                "<p>International investors increasingly ask for emissions reporting and ESG criteria. "
                "A shared platform makes the province's industrial parks more competitive and lowers "
                "compliance costs for small and medium-sized companies.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Automatic monitoring data from at least 2 pilot parks connected, with alerts within "
                "15 minutes when limits are exceeded.</li>"
                "<li>Companies file periodic environmental reports once, and the data are reused by the "
                "agencies concerned.</li>"
                "<li>Industrial symbiosis opportunities (by-products, waste heat, reused water) "
                "identified for at least 20 companies.</li>"
                "<li>Park-level environmental and emissions indicators published quarterly.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with the provincial environmental monitoring system and the systems "
                "of industrial park developers.</li>"
                "<li>Protection of companies' business information; clear access rights.</li>"
                "<li>Hosted in Vietnam; interface in Vietnamese and English for foreign-invested "
                "companies.</li>"
                "<li>12-month pilot in 2 industrial parks.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P10
    {
        "code": "P10",
        "slug": "p10-public-service-digital-assistant",
        "sector": "digital_government",
        "budget_ceiling": 4_500_000_000,
        "opens_offset_days": -5,
        "closes_offset_days": 75,
        "judging_offset_days": 82,
        "results_offset_days": 125,
        "vi": {
            "title": "Trợ lý số tiếng Việt hỗ trợ người dân làm thủ tục hành chính một cửa",
            "summary": (
                "Trợ lý ảo tiếng Việt hướng dẫn người dân, doanh nghiệp chuẩn bị hồ sơ, nộp trực tuyến "
                "và tra cứu kết quả thủ tục hành chính, kết nối Trung tâm Phục vụ hành chính công tỉnh."
            ),
            "owning_agency": "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh",
            "statement": (
                "<p>Quảng Ninh là một trong những địa phương đi đầu về cải cách hành chính và chính "
                "quyền điện tử, với Trung tâm Phục vụ hành chính công tỉnh và mạng lưới bộ phận một cửa "
                "tại các xã, phường. Dù vậy, nhiều người dân vẫn lúng túng khi chọn đúng thủ tục, chuẩn "
                "bị thành phần hồ sơ và nộp trực tuyến, dẫn đến hồ sơ phải bổ sung nhiều lần.</p>"
                "<p>Tỉnh cần một trợ lý số bằng tiếng Việt, hoạt động trên web, Zalo và tại ki-ốt, trả "
                "lời câu hỏi bằng ngôn ngữ tự nhiên, hướng dẫn từng bước theo đúng bộ thủ tục hành chính "
                "đã công bố, tra cứu trạng thái hồ sơ và chuyển cho cán bộ khi cần.</p>"
            ),
            "context": (
                "<p>Từ năm 2025, chính quyền địa phương hai cấp đi vào hoạt động, nhiều thủ tục được "
                "phân cấp mạnh cho cấp xã và có thể nộp không phụ thuộc địa giới hành chính. Người dân "
                "cần được hướng dẫn nhất quán ở mọi nơi, mọi lúc.</p>"
                "<p>Trợ lý phải trả lời dựa trên nguồn chính thống (bộ thủ tục hành chính, văn bản pháp "
                "luật), ghi rõ nguồn, không tự đặt ra yêu cầu ngoài quy định, và phục vụ tốt cả người "
                "cao tuổi, người dùng giọng nói vùng miền.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Trả lời đúng ít nhất 90% bộ câu hỏi kiểm thử do Trung tâm xây dựng cho 50 thủ tục "
                "phổ biến nhất.</li>"
                "<li>Mỗi câu trả lời dẫn nguồn tới thủ tục, văn bản chính thức tương ứng.</li>"
                "<li>Giảm tỷ lệ hồ sơ phải bổ sung, hoàn thiện đối với các thủ tục thí điểm so với trước "
                "thí điểm.</li>"
                "<li>Mức hài lòng của người dùng được khảo sát và công khai hằng tháng.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Tích hợp với Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh và Cổng Dịch "
                "vụ công quốc gia qua các giao diện được cấp phép.</li>"
                "<li>Mô hình ngôn ngữ và dữ liệu hội thoại lưu trữ, xử lý tại Việt Nam; không dùng dữ "
                "liệu người dân để huấn luyện khi chưa có sự đồng ý theo Nghị định 13/2023/NĐ-CP.</li>"
                "<li>Giao diện tiếng Việt, đáp ứng yêu cầu tiếp cận cho người khuyết tật.</li>"
                "<li>Thí điểm 6 tháng tại Trung tâm Phục vụ hành chính công tỉnh và một số xã, phường.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "A Vietnamese-language digital assistant for one-stop public services",
            "summary": (
                "A Vietnamese virtual assistant that helps citizens and businesses prepare, file and "
                "track administrative procedures, linked to the provincial Public Administration "
                "Service Centre."
            ),
            "owning_agency": "Quang Ninh Public Administration Service Centre",
            "statement": (
                "<p>Quang Ninh is among the leading provinces in administrative reform and e-government, "
                "with its Public Administration Service Centre and a network of one-stop desks in "
                "communes and wards. Still, many citizens struggle to pick the right procedure, prepare "
                "the required documents and file online, so applications often have to be completed "
                "several times.</p>"
                "<p>The province needs a digital assistant in Vietnamese, on the web, Zalo and kiosks, "
                "that answers questions in natural language, guides people step by step according to "
                "the published list of procedures, checks application status and hands over to an "
                "officer when needed.</p>"
            ),
            "context": (
                "<p>Since 2025, the two-tier local government model has been in place; many procedures "
                "are delegated to communes and can be filed regardless of place of residence. People "
                "need consistent guidance anywhere, at any time.</p>"
                "<p>The assistant must answer from official sources (the procedure catalogue and legal "
                "documents), cite them, never invent requirements beyond the rules, and serve older "
                "people and users with regional accents well.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Correct answers to at least 90% of a test set prepared by the Centre for the 50 "
                "most common procedures.</li>"
                "<li>Every answer cites the corresponding official procedure or document.</li>"
                "<li>A lower rate of applications returned for completion in the pilot procedures than "
                "before the pilot.</li>"
                "<li>User satisfaction surveyed and published monthly.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with the provincial administrative procedure information system and "
                "the National Public Service Portal through authorised interfaces.</li>"
                "<li>Language models and conversation data stored and processed in Vietnam; no use of "
                "citizens' data for training without consent under Decree 13/2023/ND-CP.</li>"
                "<li>Vietnamese interface meeting accessibility requirements for people with "
                "disabilities.</li>"
                "<li>6-month pilot at the Public Administration Service Centre and selected communes "
                "and wards.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P11
    {
        "code": "P11",
        "slug": "p11-island-telehealth",
        "sector": "health",
        "budget_ceiling": 5_500_000_000,
        "opens_offset_days": -18,
        "closes_offset_days": 35,
        "judging_offset_days": 42,
        "results_offset_days": 85,
        "vi": {
            "title": "Khám, chữa bệnh từ xa cho người dân vùng hải đảo Cô Tô, Vân Đồn",
            "summary": (
                "Kết nối trạm y tế, trung tâm y tế vùng đảo với bệnh viện tuyến tỉnh để hội chẩn, theo "
                "dõi bệnh mạn tính và hỗ trợ cấp cứu, giảm các chuyến vào đất liền không cần thiết."
            ),
            "owning_agency": "Sở Y tế tỉnh Quảng Ninh",
            "statement": (
                "<p>Người dân trên các đảo thuộc đặc khu Cô Tô và Vân Đồn phải đi tàu nhiều giờ mới tới "
                "được bệnh viện tuyến tỉnh; khi biển động, việc chuyển viện rất khó khăn. Trạm y tế và "
                "trung tâm y tế trên đảo thiếu bác sĩ chuyên khoa, trong khi nhu cầu khám bệnh mạn tính, "
                "sản nhi và cấp cứu cho người dân, ngư dân, du khách ngày càng tăng.</p>"
                "<p>Tỉnh cần giải pháp khám, chữa bệnh từ xa hoàn chỉnh: thiết bị đo và chẩn đoán hình "
                "ảnh cơ bản tại đảo, hội chẩn trực tuyến với bác sĩ tuyến tỉnh, theo dõi bệnh nhân mạn "
                "tính tại nhà và điều phối cấp cứu đường biển.</p>"
            ),
            "context": (
                "<p>Các bệnh viện tuyến tỉnh như Bệnh viện Đa khoa tỉnh, Bệnh viện Bãi Cháy đã tham gia "
                "hội chẩn từ xa, và ngành y tế đang triển khai hồ sơ sức khỏe điện tử, bệnh án điện tử. "
                "Tuy vậy, đường truyền ra đảo chưa ổn định và quy trình phối hợp còn phụ thuộc vào liên "
                "lạc cá nhân.</p>"
                "<p>Giải pháp cần tuân thủ quy định về khám bệnh, chữa bệnh từ xa của Bộ Y tế, phù hợp "
                "năng lực nhân viên y tế trên đảo và có cơ chế thanh toán bảo hiểm y tế khả thi.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Ít nhất 2 điểm khám từ xa trên đảo hoạt động ổn định, kết nối với ít nhất 2 bệnh "
                "viện tuyến tỉnh.</li>"
                "<li>Thời gian từ khi đề nghị đến khi có ý kiến hội chẩn đối với ca không cấp cứu dưới "
                "24 giờ; ca cấp cứu dưới 30 phút.</li>"
                "<li>Ít nhất 200 người bệnh mạn tính (tăng huyết áp, đái tháo đường) được theo dõi định "
                "kỳ từ xa.</li>"
                "<li>Giảm số ca chuyển vào đất liền không cần thiết, được đánh giá bởi hội đồng chuyên "
                "môn.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Dữ liệu sức khỏe là dữ liệu cá nhân nhạy cảm: cần sự đồng ý của người bệnh, mã hóa, "
                "lưu trữ tại Việt Nam theo Nghị định 13/2023/NĐ-CP.</li>"
                "<li>Liên thông với hồ sơ sức khỏe điện tử, phần mềm quản lý bệnh viện và hệ thống giám "
                "định bảo hiểm y tế.</li>"
                "<li>Hoạt động được với đường truyền băng thông thấp; có phương án vệ tinh dự phòng.</li>"
                "<li>Thí điểm 12 tháng; giao diện và tài liệu hướng dẫn bằng tiếng Việt.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Telehealth for the island communities of Co To and Van Don",
            "summary": (
                "Connect island health stations and centres with provincial hospitals for remote "
                "consultation, chronic disease follow-up and emergency support, cutting unnecessary "
                "trips to the mainland."
            ),
            "owning_agency": "Quang Ninh Department of Health",
            "statement": (
                "<p>Residents of the islands in the Co To and Van Don special zones need hours by boat "
                "to reach a provincial hospital, and transfers are very difficult in rough seas. Island "
                "health stations and centres lack specialists, while demand for chronic disease care, "
                "maternal and child health and emergency care for residents, fishers and tourists keeps "
                "growing.</p>"
                "<p>The province needs a complete telehealth solution: basic measurement and imaging "
                "equipment on the islands, online consultation with provincial doctors, home monitoring "
                "of chronic patients, and coordination of emergency transfers by sea.</p>"
            ),
            "context": (
                "<p>Provincial hospitals such as the Provincial General Hospital and Bai Chay Hospital "
                "already take part in remote consultation, and the health sector is rolling out "
                "electronic health records and electronic medical records. However, connections to "
                "the islands are unstable and coordination still depends on personal contacts.</p>"
                "<p>The solution must comply with the Ministry of Health's rules on remote medical "
                "examination and treatment, fit the skills of island health workers and have a "
                "workable health insurance payment model.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>At least 2 telehealth points on the islands running reliably, connected to at least "
                "2 provincial hospitals.</li>"
                "<li>Time from request to consultation opinion under 24 hours for non-emergency cases "
                "and under 30 minutes for emergencies.</li>"
                "<li>At least 200 chronic patients (hypertension, diabetes) followed up remotely on a "
                "regular basis.</li>"
                "<li>Fewer unnecessary transfers to the mainland, as assessed by a clinical board.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Health data is sensitive personal data: patient consent, encryption and storage in "
                "Vietnam under Decree 13/2023/ND-CP.</li>"
                "<li>Interoperability with electronic health records, hospital information systems and "
                "the health insurance claims system.</li>"
                "<li>Works on low-bandwidth links, with a satellite fallback.</li>"
                "<li>12-month pilot; interface and user guides in Vietnamese.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P12
    {
        "code": "P12",
        "slug": "p12-digital-skills-mountain-areas",
        "sector": "education",
        "budget_ceiling": 3_000_000_000,
        "opens_offset_days": -10,
        "closes_offset_days": 65,
        "judging_offset_days": 72,
        "results_offset_days": 115,
        "vi": {
            "title": "Học tập số và kỹ năng số cho vùng miền núi, đồng bào dân tộc thiểu số",
            "summary": (
                "Giải pháp học tập số phù hợp với học sinh, thanh niên và người dân vùng Bình Liêu, Ba "
                "Chẽ: nội dung gần gũi, hoạt động khi mạng yếu, hỗ trợ song ngữ và giáo viên tại chỗ."
            ),
            "owning_agency": "Sở Giáo dục và Đào tạo tỉnh Quảng Ninh",
            "statement": (
                "<p>Tại các xã miền núi như Bình Liêu, Ba Chẽ, nơi có đông đồng bào Tày, Dao, Sán Chỉ "
                "sinh sống, học sinh và người dân còn hạn chế về thiết bị, kết nối Internet và kỹ năng "
                "số. Khoảng cách số khiến họ khó tiếp cận học liệu chất lượng, dịch vụ công trực tuyến "
                "và cơ hội việc làm mới.</p>"
                "<p>Tỉnh tìm kiếm giải pháp học tập số và bồi dưỡng kỹ năng số phù hợp văn hóa, ngôn ngữ "
                "địa phương: nội dung ngắn, thực hành được, hoạt động cả khi ngoại tuyến, có công cụ "
                "giúp giáo viên theo dõi tiến bộ và hỗ trợ người học.</p>"
            ),
            "context": (
                "<p>Phong trào “Bình dân học vụ số” và chương trình chuyển đổi số trong giáo dục đã trang "
                "bị thêm thiết bị cho nhiều trường học, nhưng học liệu số phù hợp với học sinh dân tộc "
                "thiểu số và người lớn tuổi còn thiếu. Tổ công nghệ số cộng đồng ở thôn, bản là lực "
                "lượng hỗ trợ quan trọng.</p>"
                "<p>Giải pháp cần giúp học sinh học tốt hơn các môn chính và tin học, đồng thời giúp "
                "người dân dùng được dịch vụ công trực tuyến, thanh toán số và thương mại điện tử để "
                "bán nông sản đặc sản như hồi, quế, miến dong.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Ít nhất 10 trường học và 20 thôn, bản tham gia thí điểm.</li>"
                "<li>Ít nhất 2.000 học sinh và người dân hoàn thành các học phần kỹ năng số cơ bản, có "
                "đánh giá trước và sau.</li>"
                "<li>Học liệu có thuyết minh song ngữ (tiếng Việt và ít nhất một tiếng dân tộc thiểu số "
                "địa phương) cho các học phần cốt lõi.</li>"
                "<li>Giáo viên theo dõi tiến độ học tập của từng lớp trên một bảng tổng hợp.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Hoạt động ngoại tuyến trên máy tính bảng, điện thoại cấu hình thấp; đồng bộ khi có "
                "mạng.</li>"
                "<li>Dữ liệu học sinh là dữ liệu của trẻ em: chỉ thu thập tối thiểu, có sự đồng ý của "
                "cha mẹ hoặc người giám hộ theo Nghị định 13/2023/NĐ-CP; lưu trữ tại Việt Nam.</li>"
                "<li>Kết nối với hệ thống quản lý giáo dục hiện có của ngành.</li>"
                "<li>Thí điểm trong một năm học; nội dung được Sở Giáo dục và Đào tạo thẩm định.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Digital learning and skills for mountain and ethnic minority communities",
            "summary": (
                "Digital learning for pupils, young people and residents around Binh Lieu and Ba Che: "
                "relevant content, works on weak networks, bilingual support and local teachers."
            ),
            "owning_agency": "Quang Ninh Department of Education and Training",
            "statement": (
                "<p>In mountain communes such as Binh Lieu and Ba Che, home to many Tay, Dao and San Chi "
                "people, pupils and residents have limited devices, Internet access and digital skills. "
                "This digital divide keeps them from quality learning materials, online public services "
                "and new job opportunities.</p>"
                "<p>The province is looking for a digital learning and skills solution suited to local "
                "culture and languages: short, practical content that works offline, with tools that "
                "help teachers follow progress and support learners.</p>"
            ),
            "context": (
                '<p>The national "digital literacy for all" movement and the digital transformation '
                "programme in education have equipped many schools with more devices, but digital "
                "materials suited to ethnic minority pupils and older people are still scarce. "
                "Community digital technology teams in villages are an important source of help.</p>"
                "<p>The solution should help pupils do better in core subjects and computing, and help "
                "residents use online public services, digital payments and e-commerce to sell local "
                "specialities such as star anise, cinnamon and canna noodles.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>At least 10 schools and 20 villages take part in the pilot.</li>"
                "<li>At least 2,000 pupils and residents complete the basic digital skills modules, with "
                "before-and-after assessment.</li>"
                "<li>Bilingual narration (Vietnamese and at least one local ethnic minority language) for "
                "the core modules.</li>"
                "<li>Teachers follow each class's progress on a summary dashboard.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Works offline on low-end tablets and phones; syncs when online.</li>"
                "<li>Pupils' data is children's data: minimal collection, with parent or guardian "
                "consent under Decree 13/2023/ND-CP; stored in Vietnam.</li>"
                "<li>Integration with the education sector's existing management systems.</li>"
                "<li>Pilot over one school year; content approved by the Department of Education and "
                "Training.</li>"
                "</ul>"
            ),
        },
    },
    # ------------------------------------------------------------------ P13
    {
        "code": "P13",
        "slug": "p13-ha-long-urban-mobility",
        "sector": "transport",
        "budget_ceiling": 8_500_000_000,
        "opens_offset_days": -6,
        "closes_offset_days": 30,
        "judging_offset_days": 37,
        "results_offset_days": 80,
        "vi": {
            "title": "Giao thông thông minh và vận tải công cộng cho khu vực đô thị Hạ Long",
            "summary": (
                "Điều khiển đèn tín hiệu thích ứng, thông tin xe buýt theo thời gian thực và dữ liệu "
                "giao thông dùng chung cho khu vực Hạ Long, Bãi Cháy, giảm ùn tắc giờ cao điểm."
            ),
            "owning_agency": "Sở Xây dựng tỉnh Quảng Ninh",
            "statement": (
                "<p>Khu vực đô thị Hạ Long trải dài dọc bờ vịnh, với hai bờ Hòn Gai và Bãi Cháy nối "
                "bằng cầu Bãi Cháy, cùng các trục chính như Quốc lộ 18 và đường bao biển. Lưu lượng xe "
                "cá nhân, xe khách du lịch và xe tải tăng nhanh khiến ùn tắc cục bộ vào giờ cao điểm và "
                "mùa du lịch ngày càng thường xuyên.</p>"
                "<p>Tỉnh cần giải pháp điều khiển đèn tín hiệu thích ứng tại các nút giao trọng điểm, "
                "cung cấp thông tin xe buýt theo thời gian thực, thanh toán vé không tiền mặt và một nền "
                "tảng dữ liệu giao thông dùng chung để quy hoạch, điều hành.</p>"
            ),
            "context": (
                "<p>Tỉnh đã lắp đặt camera giám sát giao thông và kết nối về IOC, một số tuyến xe buýt "
                "đã có thiết bị định vị. Tuy nhiên, đèn tín hiệu phần lớn vẫn chạy theo chu kỳ cố định "
                "và người dân khó biết chính xác giờ xe buýt đến.</p>"
                "<p>Định hướng phát triển đô thị xanh, giảm phát thải đòi hỏi vận tải công cộng hấp dẫn "
                "hơn xe cá nhân. Giải pháp cần đo được tác động và có thể mở rộng sang các đô thị khác "
                "của tỉnh như Cẩm Phả, Uông Bí, Móng Cái.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Điều khiển thích ứng tại ít nhất 10 nút giao, mục tiêu giảm 15% thời gian đi lại "
                "giờ cao điểm trên các trục thí điểm.</li>"
                "<li>Thông tin giờ xe buýt đến theo thời gian thực cho toàn bộ các tuyến thí điểm, sai "
                "số dưới 2 phút.</li>"
                "<li>Thanh toán vé không tiền mặt (thẻ, mã QR) trên các tuyến thí điểm.</li>"
                "<li>Bộ dữ liệu giao thông mở (ẩn danh, tổng hợp) cập nhật hằng ngày cho cơ quan quản "
                "lý và nhà nghiên cứu.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Tích hợp với hệ thống camera, đèn tín hiệu hiện có và IOC; thiết bị mới tương thích "
                "chuẩn mở.</li>"
                "<li>Hình ảnh camera, dữ liệu hành trình xử lý theo Nghị định 13/2023/NĐ-CP; lưu trữ tại "
                "Việt Nam.</li>"
                "<li>Ứng dụng, bảng thông tin cho hành khách bằng tiếng Việt và tiếng Anh.</li>"
                "<li>Thí điểm 9 tháng trên 2–3 trục giao thông chính.</li>"
                "</ul>"
            ),
        },
        "en": {
            "title": "Smart traffic and public transport for the Ha Long urban area",
            "summary": (
                "Adaptive traffic signals, real-time bus information and shared traffic data for the Ha "
                "Long and Bai Chay area, to cut peak-hour congestion."
            ),
            "owning_agency": "Quang Ninh Department of Construction",
            "statement": (
                "<p>The Ha Long urban area stretches along the bay, with Hon Gai and Bai Chay on either "
                "side of the Bai Chay bridge and main corridors such as National Route 18 and the "
                "coastal ring road. Fast-growing numbers of private vehicles, tour coaches and trucks "
                "cause increasingly frequent local congestion at peak hours and in the tourist "
                "season.</p>"
                "<p>The province needs adaptive signal control at key junctions, real-time bus "
                "information, cashless ticketing and a shared traffic data platform for planning and "
                "operations.</p>"
            ),
            "context": (
                "<p>The province has installed traffic cameras connected to the IOC, and some bus routes "
                "have GPS trackers. However, most signals still run on fixed cycles and passengers "
                "cannot tell exactly when the bus will arrive.</p>"
                "<p>Green, low-emission urban development requires public transport that is more "
                "attractive than private vehicles. The solution must measure its impact and be "
                "scalable to other towns of the province such as Cam Pha, Uong Bi and Mong Cai.</p>"
            ),
            "expected_outcomes": (
                "<ul>"
                "<li>Adaptive control at 10 or more junctions, targeting 15% shorter peak-hour travel "
                "times on pilot corridors.</li>"
                "<li>Real-time bus arrival information on all pilot routes, accurate to within 2 "
                "minutes.</li>"
                "<li>Cashless ticketing (card, QR code) on pilot routes.</li>"
                "<li>An open traffic dataset (anonymised, aggregated) updated daily for the authorities "
                "and researchers.</li>"
                "</ul>"
            ),
            "constraints": (
                "<ul>"
                "<li>Integration with existing cameras, signals and the IOC; new equipment compatible "
                "with open standards.</li>"
                "<li>Camera images and trip data handled under Decree 13/2023/ND-CP; stored in "
                "Vietnam.</li>"
                "<li>Passenger apps and displays in Vietnamese and English.</li>"
                "<li>9-month pilot on 2–3 main corridors.</li>"
                "</ul>"
            ),
        },
    },
]

CONTESTS: list[dict[str, Any]] = [
    {
        "key": "technical-innovation",
        "slug": "technical-innovation",
        "budget_ceiling": 1_500_000_000,
        # Closed and judged: the demo publishes this contest's results (judging/demo.py).
        "opens_offset_days": -150,
        "closes_offset_days": -30,
        "judging_offset_days": -20,
        "results_offset_days": -5,
        "min_age": 18,
        "max_age": None,
        "categories": [
            {
                "key": "industry-mining",
                "min_age": None,
                "max_age": None,
                "vi": {
                    "name": "Công nghiệp, mỏ và năng lượng",
                    "description": (
                        "Giải pháp về cơ khí, tự động hóa, an toàn mỏ, tiết kiệm năng lượng, vật liệu "
                        "và quy trình sản xuất công nghiệp."
                    ),
                },
                "en": {
                    "name": "Industry, mining and energy",
                    "description": (
                        "Solutions in mechanical engineering, automation, mine safety, energy "
                        "efficiency, materials and industrial processes."
                    ),
                },
            },
            {
                "key": "agriculture-aquaculture",
                "min_age": None,
                "max_age": None,
                "vi": {
                    "name": "Nông, lâm nghiệp và thủy sản",
                    "description": (
                        "Giải pháp về giống, canh tác, nuôi trồng thủy sản, bảo quản, chế biến nông "
                        "sản và phát triển rừng."
                    ),
                },
                "en": {
                    "name": "Agriculture, forestry and aquaculture",
                    "description": (
                        "Solutions in breeding, cultivation, aquaculture, post-harvest storage, food "
                        "processing and forestry."
                    ),
                },
            },
            {
                "key": "health-environment",
                "min_age": None,
                "max_age": None,
                "vi": {
                    "name": "Y tế, dược và môi trường",
                    "description": (
                        "Giải pháp về khám chữa bệnh, thiết bị y tế, dược liệu, xử lý chất thải, quan "
                        "trắc và bảo vệ môi trường."
                    ),
                },
                "en": {
                    "name": "Health, pharmacy and environment",
                    "description": (
                        "Solutions in medical care, medical devices, medicinal plants, waste treatment, "
                        "environmental monitoring and protection."
                    ),
                },
            },
            {
                "key": "digital-it",
                "min_age": None,
                "max_age": None,
                "vi": {
                    "name": "Chuyển đổi số và công nghệ thông tin",
                    "description": (
                        "Phần mềm, nền tảng số, trí tuệ nhân tạo, Internet vạn vật, an toàn thông tin "
                        "phục vụ quản lý nhà nước, doanh nghiệp và người dân."
                    ),
                },
                "en": {
                    "name": "Digital transformation and IT",
                    "description": (
                        "Software, digital platforms, artificial intelligence, Internet of Things and "
                        "information security for government, business and citizens."
                    ),
                },
            },
            {
                "key": "education-social",
                "min_age": None,
                "max_age": None,
                "vi": {
                    "name": "Giáo dục, văn hóa và xã hội",
                    "description": (
                        "Giải pháp về phương pháp dạy học, thiết bị giáo dục, bảo tồn văn hóa, du lịch "
                        "cộng đồng và quản lý xã hội."
                    ),
                },
                "en": {
                    "name": "Education, culture and society",
                    "description": (
                        "Solutions in teaching methods, educational equipment, cultural heritage, "
                        "community tourism and social management."
                    ),
                },
            },
        ],
        "vi": {
            "title": "Hội thi Sáng tạo Kỹ thuật tỉnh Quảng Ninh",
            "summary": (
                "Phát hiện, tôn vinh và lan tỏa các giải pháp kỹ thuật, quản lý, công nghệ mới đã hoặc "
                "có thể áp dụng tại Quảng Ninh, góp phần thực hiện Nghị quyết 57-NQ/TW."
            ),
            "owning_agency": "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Quảng Ninh",
            "purpose": (
                "<p>Hội thi Sáng tạo Kỹ thuật tỉnh Quảng Ninh được tổ chức nhằm phát hiện, tôn vinh và "
                "lan tỏa các giải pháp sáng tạo của người lao động, nhà khoa học, kỹ sư, doanh nghiệp, "
                "góp phần nâng cao năng suất, chất lượng, hiệu quả trong sản xuất, kinh doanh và quản "
                "lý nhà nước.</p>"
                "<p>Hội thi là một hoạt động cụ thể thực hiện Nghị quyết 57-NQ/TW của Bộ Chính trị về "
                "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia. "
                "Các giải pháp đạt giải được giới thiệu tham dự Hội thi Sáng tạo Kỹ thuật toàn quốc và "
                "được hỗ trợ kết nối để nhân rộng trong tỉnh.</p>"
            ),
            "eligibility": (
                "<p>Được tham gia Hội thi:</p>"
                "<ul>"
                "<li>Cá nhân từ đủ 18 tuổi trở lên, tập thể tác giả, cơ quan, doanh nghiệp, hợp tác xã "
                "đang hoạt động tại Quảng Ninh, hoặc có giải pháp đã, đang áp dụng tại Quảng Ninh.</li>"
                "<li>Giải pháp có tính mới so với trình độ kỹ thuật trong tỉnh, đã được áp dụng hoặc có "
                "khả năng áp dụng, mang lại hiệu quả kinh tế, xã hội có thể chứng minh.</li>"
                "<li>Giải pháp chưa đạt giải tại hội thi sáng tạo kỹ thuật cấp tỉnh hoặc cấp toàn quốc "
                "và không có tranh chấp về quyền tác giả.</li>"
                "</ul>"
                "<p>Thành viên Ban Tổ chức, Hội đồng giám khảo và Tổ thư ký không được dự thi.</p>"
            ),
            "how_to_enter": (
                "<ol>"
                "<li>Tạo tài khoản trên cổng thông tin này và xác thực địa chỉ thư điện tử.</li>"
                "<li>Tạo hoặc tham gia hồ sơ tổ chức nếu dự thi với tư cách tập thể, doanh nghiệp.</li>"
                "<li>Chọn lĩnh vực dự thi phù hợp nhất với giải pháp.</li>"
                "<li>Điền bản mô tả giải pháp: hiện trạng trước khi có giải pháp, nội dung, tính mới, khả "
                "năng áp dụng và hiệu quả.</li>"
                "<li>Tải lên tài liệu kèm theo: bản vẽ, hình ảnh, video và xác nhận của đơn vị đã áp "
                "dụng (nếu có).</li>"
                "<li>Kiểm tra lại và nộp hồ sơ trước hạn chót; hệ thống gửi biên nhận kèm mã hồ sơ.</li>"
                "</ol>"
            ),
            "ip_terms": (
                "<p>Tác giả giữ toàn bộ quyền sở hữu trí tuệ đối với giải pháp dự thi. Việc dự thi "
                "không chuyển giao bất kỳ quyền nào cho Ban Tổ chức.</p>"
                "<p>Khi nộp hồ sơ, tác giả đồng ý cho Ban Tổ chức quyền không độc quyền, không phải trả "
                "phí để công bố tên giải pháp, tên tác giả, bản tóm tắt và hình ảnh minh họa nhằm giới "
                "thiệu Hội thi. Các chi tiết kỹ thuật được tác giả đánh dấu là bảo mật chỉ được dùng "
                "cho việc chấm thi. Tác giả nên nộp đơn đăng ký sáng chế, giải pháp hữu ích trước khi "
                "công bố nếu có nhu cầu bảo hộ.</p>"
                "<p>Việc cơ quan, đơn vị của tỉnh sử dụng giải pháp để thí điểm hoặc nhân rộng sẽ được "
                "thỏa thuận bằng hợp đồng riêng với tác giả. Tác giả cam kết giải pháp là của mình và "
                "chịu trách nhiệm nếu có tranh chấp với bên thứ ba.</p>"
            ),
        },
        "en": {
            "title": "Quang Ninh Technical Innovation Contest",
            "summary": (
                "Discovering, recognising and spreading new technical, management and technology "
                "solutions applied or applicable in Quang Ninh, in support of Resolution 57-NQ/TW."
            ),
            "owning_agency": "Quang Ninh Union of Science and Technology Associations",
            "purpose": (
                "<p>The Quang Ninh Technical Innovation Contest discovers, recognises and spreads "
                "creative solutions by workers, scientists, engineers and businesses that raise "
                "productivity, quality and efficiency in production, business and public "
                "administration.</p>"
                "<p>The contest is one concrete action under Politburo Resolution 57-NQ/TW on "
                "breakthroughs in science, technology, innovation and national digital "
                "transformation. Award-winning solutions are nominated for the National Technical "
                "Innovation Contest and helped to scale up across the province.</p>"
            ),
            "eligibility": (
                "<p>The contest is open to:</p>"
                "<ul>"
                "<li>Individuals aged 18 or over, groups of authors, agencies, businesses and "
                "cooperatives operating in Quang Ninh, or with a solution applied or being applied in "
                "Quang Ninh.</li>"
                "<li>Solutions that are new compared with the state of the art in the province, are "
                "applied or applicable, and bring demonstrable economic or social benefits.</li>"
                "<li>Solutions that have not won a provincial or national technical innovation award "
                "and are free of authorship disputes.</li>"
                "</ul>"
                "<p>Members of the organising committee, the jury and the secretariat may not enter.</p>"
            ),
            "how_to_enter": (
                "<ol>"
                "<li>Create an account on this portal and verify your e-mail address.</li>"
                "<li>Create or join an organisation profile if you enter as a group or business.</li>"
                "<li>Choose the field that best fits your solution.</li>"
                "<li>Fill in the solution description: the situation before, what the solution is, "
                "what is new, how it can be applied and its benefits.</li>"
                "<li>Upload supporting documents: drawings, photos, videos and confirmation from the "
                "organisation that applied it (if any).</li>"
                "<li>Review and submit before the deadline; the system sends a receipt with your "
                "reference number.</li>"
                "</ol>"
            ),
            "ip_terms": (
                "<p>Authors keep all intellectual property rights in their solution. Entering the "
                "contest transfers no rights to the organisers.</p>"
                "<p>By submitting, authors grant the organisers a non-exclusive, royalty-free right to "
                "publish the solution's title, the authors' names, a summary and illustrations to "
                "promote the contest. Technical details marked confidential by the author are used "
                "for judging only. Authors who want protection should file a patent or utility "
                "solution application before disclosure.</p>"
                "<p>Any use of a solution by provincial agencies for a pilot or roll-out will be "
                "agreed in a separate contract with the authors. Authors warrant that the solution is "
                "their own and are responsible for any third-party disputes.</p>"
            ),
        },
    },
    {
        "key": "youth-creativity",
        "slug": "youth-creativity",
        "budget_ceiling": 500_000_000,
        "opens_offset_days": -10,
        "closes_offset_days": 60,
        "judging_offset_days": 70,
        "results_offset_days": 105,
        "min_age": 6,
        "max_age": 24,
        "categories": [
            {
                "key": "children",
                "min_age": 6,
                "max_age": 11,
                "vi": {
                    "name": "Nhi đồng (6–11 tuổi): ý tưởng qua tranh vẽ và mô hình",
                    "description": (
                        "Ý tưởng sáng tạo thể hiện bằng tranh vẽ hoặc mô hình đơn giản về trường học, "
                        "gia đình, quê hương và biển đảo Quảng Ninh."
                    ),
                },
                "en": {
                    "name": "Children (6–11): ideas in drawings and models",
                    "description": (
                        "Creative ideas shown as drawings or simple models about school, family, home "
                        "town and the sea and islands of Quang Ninh."
                    ),
                },
            },
            {
                "key": "teen",
                "min_age": 12,
                "max_age": 15,
                "vi": {
                    "name": "Thiếu niên (12–15 tuổi): dự án khoa học và kỹ thuật",
                    "description": (
                        "Dự án khoa học, kỹ thuật có thí nghiệm, sản phẩm mẫu hoặc mô hình chạy được, "
                        "giải quyết một vấn đề gần gũi trong đời sống."
                    ),
                },
                "en": {
                    "name": "Teens (12–15): science and engineering projects",
                    "description": (
                        "Science and engineering projects with experiments, prototypes or working "
                        "models that solve an everyday problem."
                    ),
                },
            },
            {
                "key": "youth",
                "min_age": 16,
                "max_age": 24,
                "vi": {
                    "name": "Thanh niên (16–24 tuổi): giải pháp công nghệ",
                    "description": (
                        "Giải pháp công nghệ, phần mềm, thiết bị hoặc mô hình khởi nghiệp có khả năng "
                        "áp dụng cho các vấn đề của tỉnh."
                    ),
                },
                "en": {
                    "name": "Youth (16–24): technology solutions",
                    "description": (
                        "Technology solutions, software, devices or start-up ideas that can be applied "
                        "to the province's challenges."
                    ),
                },
            },
        ],
        "vi": {
            "title": "Cuộc thi Sáng tạo Thanh thiếu niên, Nhi đồng tỉnh Quảng Ninh",
            "summary": (
                "Sân chơi khoa học, sáng tạo cho thanh thiếu niên, nhi đồng từ 6 đến 24 tuổi, khơi dậy "
                "niềm đam mê khám phá và ý tưởng vì một Quảng Ninh xanh, thông minh."
            ),
            "owning_agency": "Tỉnh Đoàn Quảng Ninh",
            "purpose": (
                "<p>Cuộc thi do Tỉnh Đoàn Quảng Ninh phối hợp với Sở Giáo dục và Đào tạo, Liên hiệp các "
                "Hội Khoa học và Kỹ thuật tỉnh tổ chức, nhằm khơi dậy niềm đam mê khoa học, tinh thần "
                "sáng tạo và ý thức giải quyết các vấn đề thực tiễn của thanh thiếu niên, nhi đồng.</p>"
                "<p>Hưởng ứng Nghị quyết 57-NQ/TW, cuộc thi khuyến khích các em quan sát cuộc sống quanh "
                "mình, từ bảo vệ vịnh Hạ Long, an toàn mùa mưa bão đến chuyển đổi số ở trường học. Các "
                "sản phẩm xuất sắc được lựa chọn tham dự Cuộc thi Sáng tạo Thanh thiếu niên Nhi đồng "
                "toàn quốc.</p>"
            ),
            "eligibility": (
                "<ul>"
                "<li>Thanh thiếu niên, nhi đồng từ 6 đến 24 tuổi (tính đến ngày hết hạn nộp bài) đang "
                "sinh sống, học tập hoặc làm việc tại Quảng Ninh.</li>"
                "<li>Dự thi cá nhân hoặc theo nhóm; nhóm dự thi theo bảng của thành viên lớn tuổi nhất.</li>"
                "<li>Người dưới 18 tuổi phải có cha mẹ hoặc người giám hộ xác nhận đồng ý qua đường dẫn "
                "gửi tới thư điện tử của người giám hộ trước khi bài dự thi được ghi nhận.</li>"
                "<li>Sản phẩm do chính các em thực hiện; thầy cô, cha mẹ có thể hướng dẫn và được ghi "
                "tên là người hướng dẫn.</li>"
                "</ul>"
            ),
            "how_to_enter": (
                "<ol>"
                "<li>Em (hoặc cha mẹ, người giám hộ) tạo tài khoản và xác thực thư điện tử.</li>"
                "<li>Khai báo ngày sinh và trường học; nếu dưới 18 tuổi, nhập thư điện tử của người "
                "giám hộ để nhận đường dẫn xác nhận đồng ý.</li>"
                "<li>Chọn bảng thi phù hợp với độ tuổi.</li>"
                "<li>Mô tả ý tưởng: vấn đề em quan sát được, cách em giải quyết và điều em học được.</li>"
                "<li>Tải lên ảnh chụp tranh vẽ, mô hình, video ngắn hoặc tài liệu dự án.</li>"
                "<li>Nộp bài trước hạn chót và lưu lại mã bài dự thi trong biên nhận.</li>"
                "</ol>"
            ),
            "ip_terms": (
                "<p>Tác giả giữ quyền sở hữu trí tuệ đối với bài dự thi. Với tác giả dưới 18 tuổi, cha "
                "mẹ hoặc người giám hộ thực hiện các quyền này thay cho các em theo quy định.</p>"
                "<p>Ban Tổ chức được quyền không độc quyền, không phải trả phí để trưng bày, giới thiệu "
                "tên bài, bản tóm tắt và hình ảnh sản phẩm nhằm quảng bá cuộc thi. Đối với người dưới "
                "18 tuổi, chỉ công bố họ tên, trường, bảng thi và hình ảnh khi người giám hộ đã đồng ý; "
                "không công bố ngày sinh, địa chỉ hay thông tin liên lạc.</p>"
                "<p>Nếu cơ quan, doanh nghiệp muốn ứng dụng hoặc phát triển tiếp sản phẩm, việc sử dụng "
                "sẽ được thỏa thuận riêng với tác giả và người giám hộ.</p>"
            ),
        },
        "en": {
            "title": "Quang Ninh Youth and Children Creativity Contest",
            "summary": (
                "A science and creativity contest for young people aged 6 to 24, sparking curiosity "
                "and ideas for a green, smart Quang Ninh."
            ),
            "owning_agency": "Quang Ninh Provincial Youth Union",
            "purpose": (
                "<p>The contest is organised by the Quang Ninh Provincial Youth Union with the "
                "Department of Education and Training and the Provincial Union of Science and "
                "Technology Associations, to spark a passion for science, creativity and a habit of "
                "solving real problems among children and young people.</p>"
                "<p>In response to Resolution 57-NQ/TW, the contest encourages young people to look at "
                "the world around them, from protecting Ha Long Bay and staying safe in the typhoon "
                "season to digital transformation at school. Outstanding entries are selected for the "
                "National Youth and Children Creativity Contest.</p>"
            ),
            "eligibility": (
                "<ul>"
                "<li>Children and young people aged 6 to 24 (on the entry deadline) who live, study or "
                "work in Quang Ninh.</li>"
                "<li>Individual or team entries; a team enters the age band of its oldest member.</li>"
                "<li>Entrants under 18 need a parent or guardian to confirm consent through a link sent "
                "to the guardian's e-mail before the entry is accepted.</li>"
                "<li>Entries must be the young people's own work; teachers and parents may guide them "
                "and are credited as mentors.</li>"
                "</ul>"
            ),
            "how_to_enter": (
                "<ol>"
                "<li>You (or your parent or guardian) create an account and verify the e-mail "
                "address.</li>"
                "<li>Enter your date of birth and school; if you are under 18, enter your guardian's "
                "e-mail to receive the consent link.</li>"
                "<li>Choose the category for your age.</li>"
                "<li>Describe your idea: the problem you noticed, how you solve it and what you "
                "learned.</li>"
                "<li>Upload photos of your drawing or model, a short video or project documents.</li>"
                "<li>Submit before the deadline and keep the entry reference from your receipt.</li>"
                "</ol>"
            ),
            "ip_terms": (
                "<p>Authors keep the intellectual property rights in their entries. For authors under "
                "18, parents or guardians exercise these rights on their behalf as the law provides.</p>"
                "<p>The organisers have a non-exclusive, royalty-free right to exhibit and present the "
                "entry title, a summary and images of the work to promote the contest. For entrants "
                "under 18, only the name, school, category and images are published, and only with "
                "guardian consent; dates of birth, addresses and contact details are never "
                "published.</p>"
                "<p>If an agency or business wishes to use or develop an entry further, this will be "
                "agreed separately with the author and guardian.</p>"
            ),
        },
    },
]

QUESTIONS: list[dict[str, Any]] = [
    # P01 — Ha Long Bay water quality
    {
        "problem": "P01",
        "vi": {
            "question": (
                "Giải pháp có bắt buộc bao gồm cả quan trắc chất lượng nước và phát hiện rác thải "
                "không, hay có thể chỉ giải quyết một phần?"
            ),
            "answer": (
                "Có thể đề xuất giải pháp cho một phần, nhưng hồ sơ cần nêu rõ cách kết nối với phần "
                "còn lại và với IOC của tỉnh. Hội đồng khuyến khích các doanh nghiệp có thế mạnh khác "
                "nhau liên danh để đưa ra giải pháp tổng thể."
            ),
        },
        "en": {
            "question": (
                "Must a solution cover both water quality monitoring and waste detection, or can it "
                "address only one part?"
            ),
            "answer": (
                "You may propose a solution for one part, but the application must explain how it "
                "connects to the other part and to the provincial IOC. The council encourages "
                "companies with complementary strengths to form consortia for a complete solution."
            ),
        },
    },
    {
        "problem": "P01",
        "vi": {
            "question": "Ban Quản lý có cung cấp dữ liệu quan trắc lịch sử để huấn luyện mô hình không?",
            "answer": (
                "Có. Đơn vị được chọn vào giai đoạn thí điểm sẽ được cung cấp dữ liệu quan trắc định kỳ "
                "và một số bộ ảnh rác thải đã gán nhãn sau khi ký thỏa thuận bảo mật. Trong giai đoạn "
                "nộp hồ sơ, doanh nghiệp có thể sử dụng dữ liệu công khai."
            ),
        },
        "en": {
            "question": "Will the Management Board provide historical monitoring data to train models?",
            "answer": (
                "Yes. The team selected for the pilot will receive periodic monitoring data and some "
                "labelled waste image sets after signing a confidentiality agreement. During the "
                "application stage, companies may use public data."
            ),
        },
    },
    {
        "problem": "P01",
        "vi": {
            "question": "Có được sử dụng thiết bị bay không người lái trên vịnh không?",
            "answer": (
                "Được, nhưng phải được cấp phép bay theo quy định và thống nhất lịch bay với Ban Quản lý "
                "vịnh Hạ Long để không ảnh hưởng đến du khách và tàu thuyền. Thời gian và chi phí xin "
                "phép cần được tính vào kế hoạch thí điểm."
            ),
        },
        "en": {
            "question": "May drones be used over the bay?",
            "answer": (
                "Yes, but flights must be licensed as required by law and scheduled with the Ha Long "
                "Bay Management Board so that visitors and vessels are not affected. The time and cost "
                "of obtaining permits should be included in the pilot plan."
            ),
        },
    },
    # P03 — underground mine safety
    {
        "problem": "P03",
        "vi": {
            "question": "Doanh nghiệp nước ngoài có được tham gia bài toán này không?",
            "answer": (
                "Doanh nghiệp nước ngoài có thể tham gia khi liên danh với một doanh nghiệp Việt Nam "
                "đứng tên hồ sơ. Thiết bị đưa vào lò phải có chứng nhận phòng nổ được công nhận tại "
                "Việt Nam."
            ),
        },
        "en": {
            "question": "Can foreign companies take part in this challenge?",
            "answer": (
                "Foreign companies can take part in a consortium led by a Vietnamese company that "
                "files the application. Equipment used underground must hold explosion-proof "
                "certification recognised in Vietnam."
            ),
        },
    },
    {
        "problem": "P03",
        "vi": {
            "question": "Mỏ thí điểm đã được xác định chưa?",
            "answer": (
                "Mỏ thí điểm sẽ được Sở Công Thương thống nhất với Tập đoàn TKV sau vòng sơ tuyển. Hồ "
                "sơ nên mô tả cách giải pháp kết nối được với hệ thống quan trắc khí của các nhà cung "
                "cấp phổ biến tại các mỏ hầm lò trong tỉnh."
            ),
        },
        "en": {
            "question": "Has the pilot mine been chosen?",
            "answer": (
                "The Department of Industry and Trade will agree on the pilot mine with Vinacomin after "
                "the shortlisting round. Applications should describe how the solution connects to "
                "the gas monitoring systems of the suppliers commonly used in the province's "
                "underground mines."
            ),
        },
    },
    {
        "problem": "P03",
        "vi": {
            "question": "Mức kinh phí trần của bài toán đã bao gồm chi phí thiết bị chưa?",
            "answer": (
                "Đã bao gồm thiết bị, phần mềm, lắp đặt, đào tạo và vận hành trong thời gian thí điểm. "
                "Đề xuất tài chính cần tách riêng từng hạng mục để hội đồng đánh giá."
            ),
        },
        "en": {
            "question": "Does the challenge's budget ceiling include equipment costs?",
            "answer": (
                "Yes: equipment, software, installation, training and operation during the pilot. The "
                "financial proposal should list each item separately for the council to assess."
            ),
        },
    },
    # P06 — Mong Cai border clearance
    {
        "problem": "P06",
        "vi": {
            "question": "Hàng thương mại điện tử trong phạm vi bài toán gồm những loại nào?",
            "answer": (
                "Chủ yếu là hàng hóa giá trị nhỏ mua bán qua sàn thương mại điện tử, vận chuyển qua cửa "
                "khẩu Móng Cái theo cả hai chiều. Giải pháp không thay thế thủ tục hải quan mà giúp "
                "chuẩn bị dữ liệu, gom hàng và theo dõi trạng thái."
            ),
        },
        "en": {
            "question": "Which e-commerce goods are within the scope of this challenge?",
            "answer": (
                "Mainly low-value goods sold through e-commerce platforms and carried through the Mong "
                "Cai border gate in both directions. The solution does not replace customs procedures; "
                "it helps prepare data, consolidate parcels and track status."
            ),
        },
    },
    {
        "problem": "P06",
        "vi": {
            "question": "Giải pháp có được truy cập trực tiếp vào hệ thống của hải quan không?",
            "answer": (
                "Không. Mọi trao đổi dữ liệu với hệ thống của hải quan, biên phòng chỉ qua các giao diện "
                "được cơ quan chủ quản cho phép. Ban Quản lý Khu kinh tế sẽ làm đầu mối làm việc với các "
                "cơ quan này cho đơn vị được chọn."
            ),
        },
        "en": {
            "question": "May the solution access customs systems directly?",
            "answer": (
                "No. All data exchange with customs and border guard systems goes only through "
                "interfaces authorised by those agencies. The Economic Zones Authority will liaise "
                "with them on behalf of the selected team."
            ),
        },
    },
    {
        "problem": "P06",
        "vi": {
            "question": "Giao diện tiếng Trung có bắt buộc ngay từ đầu không?",
            "answer": (
                "Giao diện tiếng Trung là bắt buộc với các màn hình dành cho lái xe và đối tác phía "
                "Trung Quốc trong giai đoạn thí điểm; các màn hình quản trị chỉ cần tiếng Việt."
            ),
        },
        "en": {
            "question": "Is a Chinese interface required from the start?",
            "answer": (
                "Chinese is required for the screens used by drivers and Chinese partners during the "
                "pilot; administration screens need only Vietnamese."
            ),
        },
    },
    # P10 — public service digital assistant
    {
        "problem": "P10",
        "vi": {
            "question": "Có được dùng mô hình ngôn ngữ lớn của nước ngoài qua API không?",
            "answer": (
                "Không được gửi dữ liệu hội thoại của người dân ra nước ngoài. Đơn vị dự thi có thể dùng "
                "mô hình mã nguồn mở hoặc mô hình của nhà cung cấp trong nước, triển khai trên hạ tầng "
                "đặt tại Việt Nam."
            ),
        },
        "en": {
            "question": "May we use a foreign large language model through an API?",
            "answer": (
                "Citizens' conversation data may not be sent abroad. Teams may use open-source models "
                "or models from domestic providers, deployed on infrastructure located in Vietnam."
            ),
        },
    },
    {
        "problem": "P10",
        "vi": {
            "question": "Trợ lý có cần nhận dạng giọng nói không?",
            "answer": (
                "Nhận dạng giọng nói tiếng Việt là điểm cộng, nhất là với giọng địa phương và người cao "
                "tuổi, nhưng không bắt buộc ở giai đoạn đầu. Kênh văn bản trên web và Zalo là yêu cầu "
                "tối thiểu."
            ),
        },
        "en": {
            "question": "Does the assistant need speech recognition?",
            "answer": (
                "Vietnamese speech recognition is a plus, especially for regional accents and older "
                "users, but it is not required at first. Text chat on the web and Zalo is the minimum "
                "requirement."
            ),
        },
    },
    {
        "problem": "P10",
        "vi": {
            "question": "Danh sách 50 thủ tục dùng để kiểm thử được công bố khi nào?",
            "answer": (
                "Danh sách thủ tục và một bộ câu hỏi mẫu sẽ được đăng trong mục tài liệu của bài toán "
                "ít nhất 30 ngày trước hạn nộp hồ sơ. Bộ câu hỏi kiểm thử chính thức được giữ kín để "
                "bảo đảm đánh giá khách quan."
            ),
        },
        "en": {
            "question": "When will the list of 50 test procedures be published?",
            "answer": (
                "The list of procedures and a sample question set will be posted in the challenge's "
                "documents at least 30 days before the deadline. The official test set is kept "
                "confidential to ensure a fair assessment."
            ),
        },
    },
]


# Wagtail documents attached to the calls' "more information" (one PDF per language).
DOCUMENT_COLLECTION = "Tài liệu cuộc gọi"
DOCUMENT_PROBLEMS: tuple[str, ...] = ("P01", "P02", "P03")
DOCUMENT_TEXTS: dict[str, dict[str, str]] = {
    "problem": {
        "vi": "Điều khoản tham chiếu {code}",
        "en": "Terms of reference {code}",
    },
    "contest": {
        "vi": "Thể lệ: {title}",
        "en": "Rules: {title}",
    },
    "heading": {"vi": "Tài liệu", "en": "Documents"},
}
