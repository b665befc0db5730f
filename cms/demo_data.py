"""Demo content for the CMS side (home page, generic pages, news) and demo accounts.

Pure data: the ``seed_demo`` command loads it. News ``offset_days`` are days before the seeding
day. HTML uses only <p>, <ul>, <ol>, <li>, <strong>, <em> and <h3>. Vietnamese text is NFC.
Organisations, people, addresses, phone numbers and tax codes are fictional; every e-mail
address and website uses a reserved ``.example`` domain.
"""

from __future__ import annotations

from typing import Any

HOME: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Chương trình Đổi mới sáng tạo mở tỉnh Quảng Ninh",
        "hero_title": "Cùng Quảng Ninh giải 13 bài toán lớn",
        "hero_lead": (
            "Tỉnh công bố những vấn đề thực tế cần giải pháp công nghệ và mời doanh nghiệp, nhà khoa "
            "học, thanh thiếu niên cùng tham gia. Giải pháp tốt được thí điểm và hỗ trợ kinh phí."
        ),
        "intro": (
            "<p>Chương trình Đổi mới sáng tạo mở là nơi tỉnh Quảng Ninh công bố các bài toán lớn của "
            "địa phương, từ bảo vệ vịnh Hạ Long, an toàn mỏ than, logistics cảng biển đến chính quyền "
            "số, và tổ chức các hội thi sáng tạo. Mọi hồ sơ được nộp, chấm và trao giải công khai, "
            "minh bạch trên cùng một cổng thông tin.</p>"
            "<p>Chương trình thực hiện Nghị quyết 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa "
            "học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia. Doanh nghiệp, viện nghiên "
            "cứu, trường đại học và cá nhân trong và ngoài tỉnh đều có thể tham gia các bài toán; "
            "thanh thiếu niên, nhi đồng từ 6 đến 24 tuổi có cuộc thi sáng tạo dành riêng.</p>"
        ),
    },
    "en": {
        "title": "Quang Ninh Open Innovation Programme",
        "hero_title": "Help Quang Ninh solve 13 big challenges",
        "hero_lead": (
            "The province publishes real problems that need technology solutions and invites "
            "companies, researchers and young people to take part. The best solutions are piloted "
            "with public funding."
        ),
        "intro": (
            "<p>The Open Innovation Programme is where Quang Ninh province publishes its big local "
            "challenges, from protecting Ha Long Bay, coal mine safety and port logistics to digital "
            "government, and runs its creativity contests. Every entry is submitted, judged and "
            "awarded openly and transparently on one portal.</p>"
            "<p>The programme implements Politburo Resolution 57-NQ/TW on breakthroughs in science, "
            "technology, innovation and national digital transformation. Companies, research "
            "institutes, universities and individuals from Quang Ninh and elsewhere can take on the "
            "challenges; young people aged 6 to 24 have their own creativity contest.</p>"
        ),
    },
}

GENERIC_PAGES: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ About
    {
        "key": "about",
        "slug_vi": "gioi-thieu",
        "slug_en": "about",
        "vi": {
            "title": "Giới thiệu chương trình",
            "summary": (
                "Chương trình Đổi mới sáng tạo mở của tỉnh Quảng Ninh: mục tiêu, cách thức hoạt động "
                "và các cơ quan tham gia."
            ),
            "body": (
                "<h3>Mục tiêu</h3>"
                "<p>Chương trình đặt hàng giải pháp cho những vấn đề thực tế của tỉnh thay vì mua sắm "
                "theo cách truyền thống. Cơ quan nhà nước nêu rõ vấn đề, kết quả mong đợi và các ràng "
                "buộc; doanh nghiệp và nhà khoa học tự do đề xuất cách giải quyết. Giải pháp được chọn "
                "sẽ được thí điểm có kinh phí, đo lường kết quả và xem xét nhân rộng.</p>"
                "<p>Chương trình là một phần của kế hoạch thực hiện Nghị quyết 57-NQ/TW của Bộ Chính "
                "trị, góp phần đưa Quảng Ninh trở thành địa phương đi đầu về khoa học, công nghệ, đổi "
                "mới sáng tạo và chuyển đổi số.</p>"
                "<h3>Cách thức hoạt động</h3>"
                "<ol>"
                "<li><strong>Công bố:</strong> tỉnh đăng các bài toán và hội thi, kèm thể lệ, tiêu chí "
                "chấm, cơ cấu giải thưởng và thời hạn.</li>"
                "<li><strong>Hỏi đáp:</strong> người tham gia đặt câu hỏi; câu trả lời được công khai "
                "cho tất cả mọi người.</li>"
                "<li><strong>Nộp hồ sơ:</strong> hồ sơ được lưu thành phiên bản không thể sửa đổi, có "
                "biên nhận và mã kiểm tra.</li>"
                "<li><strong>Chấm điểm:</strong> Hội đồng chuyên gia chấm độc lập, ẩn danh; chuyên gia "
                "có xung đột lợi ích không được chấm hồ sơ liên quan.</li>"
                "<li><strong>Trao giải và thí điểm:</strong> kết quả được phê duyệt bởi hai người, công "
                "bố công khai và chi trả trong phạm vi ngân sách được duyệt.</li>"
                "</ol>"
                "<h3>Cơ quan tham gia</h3>"
                "<p>Ủy ban nhân dân tỉnh chỉ đạo chương trình; Sở Khoa học và Công nghệ là cơ quan thường "
                "trực và vận hành cổng thông tin. Các sở, ban, ngành là cơ quan chủ trì từng bài toán. "
                "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh và Tỉnh Đoàn tổ chức các hội thi sáng tạo.</p>"
            ),
        },
        "en": {
            "title": "About the programme",
            "summary": (
                "Quang Ninh province's Open Innovation Programme: its aims, how it works and who is "
                "involved."
            ),
            "body": (
                "<h3>Aims</h3>"
                "<p>The programme commissions solutions to the province's real problems instead of "
                "buying in the traditional way. Public agencies state the problem, the expected "
                "outcomes and the constraints; companies and researchers are free to propose how to "
                "solve it. Selected solutions are piloted with funding, their results measured and "
                "considered for roll-out.</p>"
                "<p>The programme is part of the province's plan to implement Politburo Resolution "
                "57-NQ/TW, helping Quang Ninh lead in science, technology, innovation and digital "
                "transformation.</p>"
                "<h3>How it works</h3>"
                "<ol>"
                "<li><strong>Publish:</strong> the province posts challenges and contests with rules, "
                "judging criteria, prize structure and deadlines.</li>"
                "<li><strong>Questions:</strong> participants ask questions; answers are published for "
                "everyone.</li>"
                "<li><strong>Submit:</strong> entries are saved as versions that cannot be altered, "
                "with a receipt and a checksum.</li>"
                "<li><strong>Judge:</strong> the expert council scores independently and blind; experts "
                "with a conflict of interest do not review the entries concerned.</li>"
                "<li><strong>Award and pilot:</strong> results are approved by two people, published "
                "and paid within the approved budget.</li>"
                "</ol>"
                "<h3>Who is involved</h3>"
                "<p>The Provincial People's Committee directs the programme; the Department of Science "
                "and Technology is the standing body and runs the portal. Provincial departments and "
                "boards own the individual challenges. The Provincial Union of Science and Technology "
                "Associations and the Provincial Youth Union run the creativity contests.</p>"
            ),
        },
    },
    # ------------------------------------------------------------------ Contact
    {
        "key": "contact",
        "slug_vi": "lien-he",
        "slug_en": "contact",
        "vi": {
            "title": "Liên hệ",
            "summary": "Địa chỉ, thư điện tử và số điện thoại của Tổ thư ký chương trình.",
            "body": (
                "<h3>Tổ thư ký Chương trình Đổi mới sáng tạo mở</h3>"
                "<p>Sở Khoa học và Công nghệ tỉnh Quảng Ninh</p>"
                "<ul>"
                "<li><strong>Địa chỉ:</strong> Tầng 4, Tòa nhà Đổi mới sáng tạo, số 8 đường Nguyễn Văn Cừ, "
                "phường Hồng Gai, khu vực Hạ Long, tỉnh Quảng Ninh.</li>"
                "<li><strong>Thư điện tử:</strong> innovation@quangninh.gov.vn.example</li>"
                "<li><strong>Điện thoại:</strong> 0203 3 600 057 (giờ hành chính)</li>"
                "<li><strong>Giờ làm việc:</strong> thứ Hai đến thứ Sáu, sáng 7 giờ 30 đến 11 giờ 30, "
                "chiều 13 giờ 30 đến 17 giờ.</li>"
                "</ul>"
                "<h3>Trước khi liên hệ</h3>"
                "<p>Câu hỏi về nội dung một bài toán hoặc thể lệ hội thi, vui lòng gửi qua mục "
                "<strong>Hỏi đáp</strong> trên trang bài toán, hội thi đó để câu trả lời được công khai "
                "cho mọi người tham gia. Thư điện tử dành cho các vấn đề về tài khoản, kỹ thuật, bảo vệ "
                "dữ liệu cá nhân và khiếu nại.</p>"
                "<p><em>Địa chỉ và số điện thoại trên trang này là dữ liệu minh họa.</em></p>"
            ),
        },
        "en": {
            "title": "Contact",
            "summary": "Address, e-mail and telephone of the programme secretariat.",
            "body": (
                "<h3>Open Innovation Programme secretariat</h3>"
                "<p>Quang Ninh Department of Science and Technology</p>"
                "<ul>"
                "<li><strong>Address:</strong> 4th floor, Innovation Building, 8 Nguyen Van Cu "
                "street, Hong Gai ward, Ha Long area, Quang Ninh province, Vietnam.</li>"
                "<li><strong>E-mail:</strong> innovation@quangninh.gov.vn.example</li>"
                "<li><strong>Telephone:</strong> +84 203 3 600 057 (office hours)</li>"
                "<li><strong>Office hours:</strong> Monday to Friday, 7:30 to 11:30 and 13:30 to "
                "17:00 (Vietnam time).</li>"
                "</ul>"
                "<h3>Before you get in touch</h3>"
                "<p>For questions about a challenge or contest rules, please use the "
                "<strong>Questions</strong> section on that challenge or contest page, so that the "
                "answer is published for all participants. E-mail is for account, technical, personal "
                "data protection and complaint matters.</p>"
                "<p><em>The address and telephone number on this page are demo data.</em></p>"
            ),
        },
    },
    # ------------------------------------------------------------------ Privacy
    {
        "key": "privacy",
        "slug_vi": "chinh-sach-quyen-rieng-tu",
        "slug_en": "privacy",
        "vi": {
            "title": "Chính sách quyền riêng tư và bảo vệ dữ liệu cá nhân",
            "summary": (
                "Dữ liệu cá nhân nào được thu thập, dùng để làm gì, lưu trữ bao lâu và quyền của bạn "
                "theo pháp luật Việt Nam về bảo vệ dữ liệu cá nhân."
            ),
            "body": (
                "<h3>Cơ sở pháp lý và bên kiểm soát dữ liệu</h3>"
                "<p>Sở Khoa học và Công nghệ tỉnh Quảng Ninh, đơn vị vận hành cổng thông tin, là bên "
                "kiểm soát và xử lý dữ liệu cá nhân của người dùng. Việc xử lý tuân thủ pháp luật về bảo "
                "vệ dữ liệu cá nhân, bao gồm Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, Luật Bảo "
                "vệ dữ liệu cá nhân và các văn bản sửa đổi, bổ sung, thay thế. Chúng tôi chỉ xử lý dữ "
                "liệu khi bạn đồng ý hoặc khi pháp luật cho phép.</p>"
                "<h3>Dữ liệu chúng tôi thu thập</h3>"
                "<ul>"
                "<li><strong>Tài khoản:</strong> họ tên, thư điện tử, số điện thoại (nếu cung cấp), "
                "ngôn ngữ ưa dùng, mật khẩu đã mã hóa một chiều.</li>"
                "<li><strong>Tổ chức:</strong> tên, mã số thuế, địa chỉ, lĩnh vực, quy mô, danh sách "
                "thành viên và vai trò.</li>"
                "<li><strong>Hồ sơ dự thi:</strong> nội dung trả lời, tệp đính kèm, kinh phí đề xuất và "
                "lịch sử các phiên bản.</li>"
                "<li><strong>Người dự thi trẻ tuổi:</strong> ngày sinh, trường học, họ tên và thư điện "
                "tử của cha mẹ hoặc người giám hộ, bản ghi xác nhận đồng ý.</li>"
                "<li><strong>Chuyên gia chấm thi:</strong> lĩnh vực chuyên môn, đơn vị công tác, khai "
                "báo xung đột lợi ích, điểm và nhận xét.</li>"
                "<li><strong>Nhận giải:</strong> thông tin tài khoản nhận tiền và chứng từ thanh toán.</li>"
                "<li><strong>Kỹ thuật:</strong> thời điểm đăng nhập, địa chỉ IP và nhật ký thao tác phục "
                "vụ bảo mật, kiểm toán.</li>"
                "</ul>"
                "<p>Chúng tôi không thu thập dữ liệu cá nhân nhạy cảm, trừ khi một bài toán yêu cầu rõ "
                "và có cơ sở pháp lý riêng. Cổng thông tin chỉ dùng cookie cần thiết cho đăng nhập và "
                "bảo mật, không dùng cookie quảng cáo.</p>"
                "<h3>Mục đích sử dụng</h3>"
                "<p>Dữ liệu được dùng để quản lý tài khoản, tiếp nhận và chấm hồ sơ, phát hiện xung đột "
                "lợi ích, công bố kết quả, chi trả giải thưởng, gửi thông báo liên quan và bảo đảm an "
                "toàn hệ thống. Chuyên gia chấm thi không nhìn thấy tên người, tên tổ chức dự thi trong "
                "vòng chấm ẩn danh. Chúng tôi không bán hay cho thuê dữ liệu cá nhân.</p>"
                "<h3>Dữ liệu của trẻ em</h3>"
                "<p>Người dưới 18 tuổi chỉ được ghi nhận bài dự thi khi cha mẹ hoặc người giám hộ đã "
                "xác nhận đồng ý qua đường dẫn gửi tới thư điện tử của họ; với trẻ em từ đủ 7 tuổi, cần "
                "có thêm sự đồng ý của chính các em. Kết quả công khai chỉ nêu họ tên, trường, bảng thi "
                "và hình ảnh sản phẩm trong phạm vi đã được đồng ý; ngày sinh và thông tin liên lạc "
                "không bao giờ được công bố. Người giám hộ có thể rút lại sự đồng ý bất kỳ lúc nào.</p>"
                "<h3>Lưu trữ và bảo mật</h3>"
                "<p>Dữ liệu được lưu trữ trên hạ tầng đặt tại Việt Nam, mã hóa khi truyền tải, phân "
                "quyền truy cập theo vai trò và ghi nhật ký mọi thay đổi. Dữ liệu tài khoản được giữ "
                "trong thời gian tài khoản còn hoạt động; hồ sơ dự thi, kết quả chấm và chứng từ chi "
                "trả được lưu theo thời hạn lưu trữ hồ sơ do pháp luật về lưu trữ và tài chính quy "
                "định, sau đó được xóa hoặc ẩn danh. Khi xảy ra vi phạm dữ liệu, chúng tôi thông báo cho "
                "cơ quan có thẩm quyền và người bị ảnh hưởng theo quy định.</p>"
                "<h3>Quyền của bạn</h3>"
                "<ul>"
                "<li>Được biết về việc xử lý dữ liệu; đồng ý hoặc rút lại sự đồng ý.</li>"
                "<li>Truy cập, xem, chỉnh sửa dữ liệu của mình; yêu cầu cung cấp bản sao.</li>"
                "<li>Yêu cầu xóa, hạn chế xử lý hoặc phản đối xử lý dữ liệu, trừ trường hợp pháp luật "
                "yêu cầu lưu giữ (ví dụ hồ sơ đã nộp sau hạn chót, chứng từ chi trả).</li>"
                "<li>Khiếu nại, tố cáo, khởi kiện và yêu cầu bồi thường thiệt hại theo quy định.</li>"
                "</ul>"
                "<p>Để thực hiện các quyền trên, vui lòng gửi yêu cầu tới "
                "innovation@quangninh.gov.vn.example. Chúng tôi phản hồi trong thời hạn pháp luật quy "
                "định.</p>"
            ),
        },
        "en": {
            "title": "Privacy and personal data protection policy",
            "summary": (
                "What personal data we collect, why, how long we keep it and your rights under "
                "Vietnamese personal data protection law."
            ),
            "body": (
                "<h3>Legal basis and data controller</h3>"
                "<p>The Quang Ninh Department of Science and Technology, which runs this portal, is the "
                "controller and processor of users' personal data. Processing complies with Vietnamese "
                "personal data protection law, including Decree 13/2023/ND-CP on personal data "
                "protection, the Law on Personal Data Protection and any amending or replacing "
                "instruments. We process data only with your consent or where the law allows.</p>"
                "<h3>Data we collect</h3>"
                "<ul>"
                "<li><strong>Account:</strong> name, e-mail, telephone (if given), preferred language "
                "and a one-way hashed password.</li>"
                "<li><strong>Organisation:</strong> name, tax code, address, sector, size, members and "
                "their roles.</li>"
                "<li><strong>Submissions:</strong> answers, attachments, requested amount and version "
                "history.</li>"
                "<li><strong>Young entrants:</strong> date of birth, school, the name and e-mail of a "
                "parent or guardian, and the consent record.</li>"
                "<li><strong>Judges:</strong> expertise, affiliation, conflict of interest declarations, "
                "scores and comments.</li>"
                "<li><strong>Award recipients:</strong> payout account details and payment records.</li>"
                "<li><strong>Technical:</strong> sign-in times, IP addresses and activity logs for "
                "security and audit.</li>"
                "</ul>"
                "<p>We do not collect sensitive personal data unless a challenge explicitly requires it "
                "and a separate legal basis exists. The portal uses only cookies needed for sign-in and "
                "security, and no advertising cookies.</p>"
                "<h3>Purposes</h3>"
                "<p>Data are used to manage accounts, receive and judge entries, detect conflicts of "
                "interest, publish results, pay awards, send related notifications and keep the system "
                "secure. In blind judging rounds, judges do not see the names of entrants or their "
                "organisations. We never sell or rent personal data.</p>"
                "<h3>Children's data</h3>"
                "<p>An entry from someone under 18 is accepted only after a parent or guardian confirms "
                "consent through a link sent to their e-mail; children aged 7 or over must also give "
                "their own consent. Public results show only the name, school, category and images of "
                "the work, within the consent given; dates of birth and contact details are never "
                "published. Guardians may withdraw consent at any time.</p>"
                "<h3>Storage and security</h3>"
                "<p>Data are stored on infrastructure located in Vietnam, encrypted in transit, "
                "protected by role-based access and every change is logged. Account data are kept while "
                "the account is active; entries, judging results and payment records are kept for the "
                "retention periods set by archiving and financial law, then deleted or anonymised. In "
                "case of a data breach, we notify the competent authority and the people affected as "
                "required by law.</p>"
                "<h3>Your rights</h3>"
                "<ul>"
                "<li>To be informed about processing; to give or withdraw consent.</li>"
                "<li>To access, view and correct your data, and to obtain a copy.</li>"
                "<li>To request deletion, restriction of or objection to processing, except where the "
                "law requires us to keep the data (for example entries after the deadline, payment "
                "records).</li>"
                "<li>To complain, denounce, sue and claim damages as the law provides.</li>"
                "</ul>"
                "<p>To exercise these rights, write to innovation@quangninh.gov.vn.example. We reply "
                "within the time limits set by law.</p>"
            ),
        },
    },
    # ------------------------------------------------------------------ Terms
    {
        "key": "terms",
        "slug_vi": "dieu-khoan-su-dung",
        "slug_en": "terms",
        "vi": {
            "title": "Điều khoản sử dụng",
            "summary": (
                "Điều kiện tham gia, quy tắc ứng xử, quyền sở hữu trí tuệ và giới hạn trách nhiệm khi "
                "sử dụng cổng thông tin."
            ),
            "body": (
                "<h3>Điều kiện tham gia</h3>"
                "<p>Bất kỳ ai cũng có thể xem thông tin công khai mà không cần tài khoản. Để nộp hồ sơ, "
                "bạn cần tài khoản đã xác thực thư điện tử và đáp ứng điều kiện riêng của từng bài toán "
                "hoặc hội thi. Tổ chức dự thi phải có tư cách pháp nhân hoặc đăng ký kinh doanh hợp "
                "lệ; người dưới 18 tuổi chỉ tham gia cuộc thi dành cho thanh thiếu niên, nhi đồng với "
                "sự đồng ý của người giám hộ.</p>"
                "<h3>Quy tắc ứng xử</h3>"
                "<ul>"
                "<li>Cung cấp thông tin trung thực; không mạo danh người hoặc tổ chức khác.</li>"
                "<li>Chỉ nộp nội dung do mình sở hữu hoặc có quyền sử dụng.</li>"
                "<li>Không tìm cách liên hệ, gây ảnh hưởng tới chuyên gia chấm thi về hồ sơ đang chấm.</li>"
                "<li>Không tải lên mã độc, không tấn công hay khai thác trái phép hệ thống.</li>"
                "</ul>"
                "<p>Vi phạm có thể dẫn tới việc loại hồ sơ, khóa tài khoản và thu hồi giải thưởng.</p>"
                "<h3>Sở hữu trí tuệ</h3>"
                "<p>Người dự thi giữ quyền sở hữu trí tuệ đối với giải pháp của mình. Ban Tổ chức chỉ "
                "được công bố các thông tin tóm tắt theo thể lệ của từng bài toán, hội thi. Việc cơ "
                "quan nhà nước sử dụng giải pháp để thí điểm hoặc nhân rộng được thỏa thuận bằng hợp "
                "đồng riêng.</p>"
                "<h3>Chấm thi, giải thưởng và khiếu nại</h3>"
                "<p>Kết quả được xác định theo tiêu chí, trọng số và cơ cấu giải đã công bố, trong phạm "
                "vi ngân sách được phê duyệt. Giải thưởng chịu thuế theo quy định của pháp luật. Người "
                "dự thi có thể khiếu nại trong thời hạn ghi trên trang kết quả; mọi khiếu nại và câu trả "
                "lời đều được lưu vết.</p>"
                "<h3>Giới hạn trách nhiệm</h3>"
                "<p>Thông tin trên cổng được cung cấp với nỗ lực cao nhất để bảo đảm chính xác; văn bản "
                "chính thức của cơ quan có thẩm quyền có giá trị ưu tiên khi có khác biệt. Ban Tổ chức "
                "không chịu trách nhiệm về thiệt hại gián tiếp do gián đoạn dịch vụ ngoài tầm kiểm "
                "soát; nên nộp hồ sơ sớm trước hạn chót.</p>"
                "<h3>Thay đổi và luật áp dụng</h3>"
                "<p>Điều khoản có thể được cập nhật và thông báo trên cổng thông tin. Điều khoản này "
                "được điều chỉnh bởi pháp luật Việt Nam; tranh chấp ưu tiên giải quyết bằng thương "
                "lượng.</p>"
            ),
        },
        "en": {
            "title": "Terms of use",
            "summary": (
                "Eligibility, rules of conduct, intellectual property and limits of liability when "
                "using the portal."
            ),
            "body": (
                "<h3>Eligibility</h3>"
                "<p>Anyone can read public information without an account. To submit, you need an "
                "account with a verified e-mail address and must meet the specific conditions of each "
                "challenge or contest. Entering organisations must be legal entities or validly "
                "registered businesses; people under 18 may only enter the youth and children contest, "
                "with their guardian's consent.</p>"
                "<h3>Conduct</h3>"
                "<ul>"
                "<li>Give truthful information; do not impersonate another person or organisation.</li>"
                "<li>Submit only content you own or have the right to use.</li>"
                "<li>Do not try to contact or influence judges about entries under review.</li>"
                "<li>Do not upload malware, attack or misuse the system.</li>"
                "</ul>"
                "<p>Breaches may lead to disqualification, account suspension and withdrawal of "
                "awards.</p>"
                "<h3>Intellectual property</h3>"
                "<p>Entrants keep the intellectual property rights in their solutions. The organisers "
                "may publish only the summary information set out in the rules of each challenge or "
                "contest. Any use of a solution by public agencies for a pilot or roll-out is agreed in "
                "a separate contract.</p>"
                "<h3>Judging, awards and appeals</h3>"
                "<p>Results follow the published criteria, weights and prize structure, within the "
                "approved budget. Awards are taxed as the law requires. Entrants may appeal within the "
                "period shown on the results page; every appeal and reply is recorded.</p>"
                "<h3>Limitation of liability</h3>"
                "<p>We make every effort to keep the information on the portal accurate; official "
                "documents of the competent authorities prevail in case of difference. The organisers "
                "are not liable for indirect loss caused by service interruptions beyond their "
                "control; please submit well before the deadline.</p>"
                "<h3>Changes and governing law</h3>"
                "<p>These terms may be updated, with notice on the portal. They are governed by "
                "Vietnamese law; disputes are preferably settled by negotiation.</p>"
            ),
        },
    },
]

NEWS: list[dict[str, Any]] = [
    {
        "slug": "thirteen-challenges-announced",
        "offset_days": -21,
        "vi": {
            "title": "Quảng Ninh công bố 13 bài toán lớn, mời doanh nghiệp cùng giải",
            "summary": (
                "Tỉnh công bố danh mục 13 bài toán trong các lĩnh vực môi trường, du lịch, mỏ, cảng "
                "biển, thương mại biên giới, y tế, giáo dục và chính quyền số."
            ),
            "body": (
                "<p>Ủy ban nhân dân tỉnh Quảng Ninh đã công bố danh mục 13 bài toán lớn của địa phương "
                "trên Cổng Đổi mới sáng tạo mở. Mỗi bài toán do một sở, ban, ngành chủ trì, nêu rõ vấn "
                "đề, kết quả mong đợi, các ràng buộc và mức kinh phí trần cho giai đoạn thí điểm.</p>"
                "<p>Các bài toán trải rộng từ giám sát chất lượng nước vịnh Hạ Long, cảnh báo sớm khí mỏ "
                "trong các mỏ than hầm lò, điều phối xe tải tại cảng Cái Lân, cảng Cẩm Phả đến trợ lý số "
                "cho thủ tục hành chính và khám, chữa bệnh từ xa cho vùng hải đảo. Các bài toán mở nhận "
                "hồ sơ theo lộ trình; bài toán cảnh báo sớm bão, lũ được mở sớm hơn để kịp chuẩn bị cho "
                "mùa mưa bão.</p>"
                "<p>Đây là hoạt động cụ thể thực hiện Nghị quyết 57-NQ/TW, chuyển từ mua sắm truyền thống "
                "sang đặt hàng giải pháp theo kết quả, mở cơ hội cho doanh nghiệp khởi nghiệp và doanh "
                "nghiệp công nghệ trong nước.</p>"
            ),
        },
        "en": {
            "title": "Quang Ninh announces 13 big challenges and invites companies to solve them",
            "summary": (
                "The province has published 13 challenges in environment, tourism, mining, ports, "
                "border trade, health, education and digital government."
            ),
            "body": (
                "<p>The Quang Ninh Provincial People's Committee has published a list of 13 big local "
                "challenges on the Open Innovation portal. Each challenge is owned by a provincial "
                "department or board and sets out the problem, expected outcomes, constraints and a "
                "budget ceiling for the pilot phase.</p>"
                "<p>The challenges range from water quality monitoring on Ha Long Bay, early warning of "
                "mine gas in underground coal mines and truck scheduling at Cai Lan and Cam Pha ports "
                "to a digital assistant for public services and telehealth for island communities. "
                "Challenges open for submissions on a rolling schedule; the typhoon and flood early "
                "warning challenge opened earlier so that results are ready for the storm season.</p>"
                "<p>This is a concrete step in implementing Resolution 57-NQ/TW, moving from "
                "traditional procurement to commissioning solutions by results and opening "
                "opportunities for start-ups and domestic technology companies.</p>"
            ),
        },
    },
    {
        "slug": "company-information-session",
        "offset_days": -14,
        "vi": {
            "title": "Hội nghị giới thiệu các bài toán tới cộng đồng doanh nghiệp",
            "summary": (
                "Các cơ quan chủ trì trực tiếp trình bày bài toán và trả lời câu hỏi của doanh nghiệp "
                "tại hội nghị kết hợp trực tiếp và trực tuyến ở Hạ Long."
            ),
            "body": (
                "<p>Sở Khoa học và Công nghệ đã phối hợp với Hiệp hội Doanh nghiệp tỉnh tổ chức hội "
                "nghị giới thiệu 13 bài toán tới cộng đồng doanh nghiệp. Hội nghị được tổ chức trực tiếp "
                "tại Hạ Long và trực tuyến, thu hút đông đảo doanh nghiệp công nghệ trong và ngoài tỉnh, "
                "viện nghiên cứu và trường đại học.</p>"
                "<p>Đại diện các cơ quan chủ trì đã trình bày bối cảnh, hệ thống hiện có và kỳ vọng đối "
                "với từng bài toán. Nhiều câu hỏi tập trung vào khả năng tiếp cận dữ liệu, yêu cầu lưu "
                "trữ dữ liệu tại Việt Nam và cơ chế liên danh giữa các doanh nghiệp.</p>"
                "<p>Tài liệu và bản ghi hội nghị được đăng trên trang của từng bài toán. Các câu hỏi "
                "chưa được trả lời tại hội nghị sẽ được giải đáp công khai trong mục Hỏi đáp.</p>"
            ),
        },
        "en": {
            "title": "Information session presents the challenges to the business community",
            "summary": (
                "Challenge owners presented their problems and answered companies' questions at a "
                "hybrid event in Ha Long."
            ),
            "body": (
                "<p>The Department of Science and Technology and the Provincial Business Association "
                "held an information session presenting the 13 challenges to the business community. "
                "The event took place in Ha Long and online, drawing many technology companies from "
                "inside and outside the province, as well as research institutes and universities.</p>"
                "<p>Representatives of the owning agencies explained the context, existing systems and "
                "expectations for each challenge. Many questions concerned access to data, the "
                "requirement to store data in Vietnam and how companies can form consortia.</p>"
                "<p>Slides and the recording are posted on each challenge page. Questions not answered "
                "during the session will be answered publicly in the Questions section.</p>"
            ),
        },
    },
    {
        "slug": "youth-contest-launched-in-schools",
        "offset_days": -10,
        "vi": {
            "title": "Phát động Cuộc thi Sáng tạo Thanh thiếu niên, Nhi đồng trong các trường học",
            "summary": (
                "Tỉnh Đoàn và Sở Giáo dục và Đào tạo phát động cuộc thi tới học sinh, sinh viên từ 6 đến "
                "24 tuổi trên toàn tỉnh, với ba bảng thi theo độ tuổi."
            ),
            "body": (
                "<p>Tỉnh Đoàn Quảng Ninh phối hợp với Sở Giáo dục và Đào tạo và Liên hiệp các Hội Khoa "
                "học và Kỹ thuật tỉnh đã phát động Cuộc thi Sáng tạo Thanh thiếu niên, Nhi đồng tỉnh "
                "Quảng Ninh tới các trường học, từ vùng đô thị ven biển đến các xã miền núi và biển đảo.</p>"
                "<p>Cuộc thi có ba bảng: nhi đồng từ 6 đến 11 tuổi thể hiện ý tưởng qua tranh vẽ và mô "
                "hình; thiếu niên từ 12 đến 15 tuổi với dự án khoa học, kỹ thuật; thanh niên từ 16 đến "
                "24 tuổi với giải pháp công nghệ. Học sinh dưới 18 tuổi cần cha mẹ hoặc người giám hộ "
                "xác nhận đồng ý trực tuyến khi đăng ký.</p>"
                "<p>Các trường được khuyến khích tổ chức câu lạc bộ sáng tạo, giúp các em tìm ý tưởng từ "
                "chính cuộc sống quanh mình như bảo vệ vịnh Hạ Long hay phòng tránh thiên tai.</p>"
            ),
        },
        "en": {
            "title": "Youth and Children Creativity Contest launched in schools",
            "summary": (
                "The Provincial Youth Union and the Department of Education and Training launched the "
                "contest for pupils and students aged 6 to 24, with three age-based categories."
            ),
            "body": (
                "<p>The Quang Ninh Provincial Youth Union, with the Department of Education and "
                "Training and the Provincial Union of Science and Technology Associations, launched the "
                "Quang Ninh Youth and Children Creativity Contest in schools across the province, from "
                "coastal towns to mountain communes and islands.</p>"
                "<p>The contest has three categories: children aged 6 to 11 share ideas through "
                "drawings and models; teens aged 12 to 15 present science and engineering projects; "
                "young people aged 16 to 24 propose technology solutions. Pupils under 18 need a parent "
                "or guardian to confirm consent online when they register.</p>"
                "<p>Schools are encouraged to run creativity clubs that help pupils find ideas in the "
                "world around them, such as protecting Ha Long Bay or preparing for natural "
                "disasters.</p>"
            ),
        },
    },
    {
        "slug": "expert-council-formed",
        "offset_days": -7,
        "vi": {
            "title": "Thành lập Hội đồng chuyên gia 15 thành viên đánh giá các giải pháp",
            "summary": (
                "Hội đồng gồm các nhà khoa học, chuyên gia đầu ngành từ viện, trường và doanh nghiệp, "
                "chấm điểm độc lập theo tiêu chí đã công bố."
            ),
            "body": (
                "<p>Chủ tịch Ủy ban nhân dân tỉnh đã quyết định thành lập Hội đồng chuyên gia gồm 15 "
                "thành viên để đánh giá các giải pháp tham gia 13 bài toán. Thành viên hội đồng đến từ "
                "Đại học Hạ Long, Trường Đại học Mỏ – Địa chất, Viện Khoa học và Công nghệ Mỏ, các viện "
                "nghiên cứu biển, bệnh viện và hiệp hội doanh nghiệp.</p>"
                "<p>Mỗi hồ sơ được ít nhất ba chuyên gia chấm độc lập và ẩn danh. Trước khi chấm, chuyên "
                "gia phải khai báo xung đột lợi ích; hệ thống tự động loại trừ các trường hợp cùng tổ "
                "chức hoặc có quan hệ công tác với đơn vị dự thi.</p>"
                "<p>Tiêu chí chấm, trọng số và cơ cấu hỗ trợ kinh phí được công bố trên trang của từng "
                "bài toán, và chính là dữ liệu hệ thống dùng để tính kết quả.</p>"
            ),
        },
        "en": {
            "title": "Fifteen-member expert council formed to assess solutions",
            "summary": (
                "The council brings together leading scientists and practitioners from institutes, "
                "universities and industry, scoring independently against published criteria."
            ),
            "body": (
                "<p>The Chairman of the Provincial People's Committee has established a 15-member "
                "expert council to assess solutions to the 13 challenges. Members come from Ha Long "
                "University, Hanoi University of Mining and Geology, the Institute of Mining Science and "
                "Technology, marine research institutes, hospitals and business associations.</p>"
                "<p>Each entry is scored independently and blind by at least three experts. Before "
                "scoring, experts declare conflicts of interest; the system automatically excludes "
                "cases where an expert shares an organisation or working relationship with an "
                "entrant.</p>"
                "<p>The criteria, weights and funding structure are published on each challenge page "
                "and are the very data the system uses to compute results.</p>"
            ),
        },
    },
    {
        "slug": "first-questions-answered",
        "offset_days": -3,
        "vi": {
            "title": "Công bố giải đáp đợt đầu cho các câu hỏi về bài toán",
            "summary": (
                "Các cơ quan chủ trì đã trả lời đợt câu hỏi đầu tiên; câu trả lời được đăng công khai "
                "trên trang từng bài toán."
            ),
            "body": (
                "<p>Sau hội nghị giới thiệu, Tổ thư ký đã nhận được nhiều câu hỏi về phạm vi bài toán, "
                "dữ liệu được cung cấp, yêu cầu kỹ thuật và điều kiện liên danh. Đợt giải đáp đầu tiên "
                "đã được đăng trên trang các bài toán về vịnh Hạ Long, an toàn mỏ hầm lò, cửa khẩu Móng "
                "Cái và trợ lý số hành chính công.</p>"
                "<p>Để bảo đảm công bằng, mọi câu trả lời đều được công khai cho tất cả người tham gia "
                "và không trả lời riêng qua điện thoại hay thư điện tử. Người tham gia được khuyến khích "
                "đọc mục Hỏi đáp trước khi gửi câu hỏi mới.</p>"
                "<p>Bài toán về cửa khẩu Móng Cái sắp hết hạn nộp hồ sơ; các doanh nghiệp quan tâm nên "
                "hoàn thiện và nộp sớm.</p>"
            ),
        },
        "en": {
            "title": "First round of answers to challenge questions published",
            "summary": (
                "Challenge owners have answered the first round of questions; answers are published "
                "on each challenge page."
            ),
            "body": (
                "<p>After the information session, the secretariat received many questions on the "
                "scope of the challenges, the data provided, technical requirements and consortium "
                "rules. The first answers have been posted on the challenge pages for Ha Long Bay, "
                "underground mine safety, the Mong Cai border gate and the public service digital "
                "assistant.</p>"
                "<p>To keep things fair, every answer is published for all participants and no answers "
                "are given privately by phone or e-mail. Participants are encouraged to read the "
                "Questions section before sending a new question.</p>"
                "<p>The Mong Cai border gate challenge closes soon; interested companies should "
                "complete and submit their applications early.</p>"
            ),
        },
    },
]

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "name": "Công ty Cổ phần Phần mềm Vịnh Xanh",
        "tax_code": "5701948362",
        "province": "Quảng Ninh",
        "address": "Số 27 đường Lê Thánh Tông, phường Hồng Gai, tỉnh Quảng Ninh",
        "sector": "digital_government",
        "size": "small",
        "website": "https://vinhxanh-software.example",
        "email_domain": "vinhxanh-software.example",
    },
    {
        "name": "Công ty TNHH Trí tuệ Nhân tạo Sao Mai",
        "tax_code": "0110473825",
        "province": "Hà Nội",
        "address": "Tầng 9, số 18 phố Duy Tân, phường Cầu Giấy, thành phố Hà Nội",
        "sector": "digital_government",
        "size": "micro",
        "website": "https://saomai-ai.example",
        "email_domain": "saomai-ai.example",
    },
    {
        "name": "Công ty Cổ phần Công nghệ Biển Đông Bắc",
        "tax_code": "5702086417",
        "province": "Quảng Ninh",
        "address": "Khu Cái Rồng, đặc khu Vân Đồn, tỉnh Quảng Ninh",
        "sector": "aquaculture",
        "size": "small",
        "website": "https://dongbac-marinetech.example",
        "email_domain": "dongbac-marinetech.example",
    },
    {
        "name": "Công ty Cổ phần Tự động hóa Mỏ Cẩm Phả",
        "tax_code": "5700631954",
        "province": "Quảng Ninh",
        "address": "Số 112 đường Trần Phú, phường Cẩm Phả, tỉnh Quảng Ninh",
        "sector": "mining_energy",
        "size": "medium",
        "website": "https://campha-mineauto.example",
        "email_domain": "campha-mineauto.example",
    },
    {
        "name": "Công ty TNHH Giải pháp Logistics Cảng Việt",
        "tax_code": "0202159748",
        "province": "Hải Phòng",
        "address": "Số 45 đường Lạch Tray, phường Gia Viên, thành phố Hải Phòng",
        "sector": "ports_logistics",
        "size": "small",
        "website": "https://cangviet-logistics.example",
        "email_domain": "cangviet-logistics.example",
    },
]

# ``organisation`` links owners and members to ORGANISATIONS by tax code; ``guardian_email``
# links a minor to a guardian in this list.
PEOPLE: list[dict[str, Any]] = [
    # Staff of the programme secretariat
    {
        "email": "ha.nguyenthu@quangninh.gov.vn.example",
        "display_name": "Nguyễn Thu Hà",
        "role": "staff",
    },
    {
        "email": "quang.tranminh@quangninh.gov.vn.example",
        "display_name": "Trần Minh Quang",
        "role": "staff",
    },
    # Organisation owners (one per organisation)
    {
        "email": "son.pham@vinhxanh-software.example",
        "display_name": "Phạm Hoàng Sơn",
        "role": "owner",
        "organisation": "5701948362",
    },
    {
        "email": "linh.vu@saomai-ai.example",
        "display_name": "Vũ Khánh Linh",
        "role": "owner",
        "organisation": "0110473825",
    },
    {
        "email": "hai.dang@dongbac-marinetech.example",
        "display_name": "Đặng Văn Hải",
        "role": "owner",
        "organisation": "5702086417",
    },
    {
        "email": "cuong.le@campha-mineauto.example",
        "display_name": "Lê Mạnh Cường",
        "role": "owner",
        "organisation": "5700631954",
    },
    {
        "email": "yen.hoang@cangviet-logistics.example",
        "display_name": "Hoàng Thị Hải Yến",
        "role": "owner",
        "organisation": "0202159748",
    },
    # Organisation members
    {
        "email": "tung.do@vinhxanh-software.example",
        "display_name": "Đỗ Thanh Tùng",
        "role": "member",
        "organisation": "5701948362",
    },
    {
        "email": "phuong.bui@saomai-ai.example",
        "display_name": "Bùi Minh Phương",
        "role": "member",
        "organisation": "0110473825",
    },
    {
        "email": "nam.ngo@campha-mineauto.example",
        "display_name": "Ngô Đức Nam",
        "role": "member",
        "organisation": "5700631954",
    },
    # Expert council (15 judges)
    {
        "email": "huong.nguyenthanh@daihochalong.example",
        "display_name": "Nguyễn Thị Thanh Hương",
        "role": "judge",
        "expertise": ["tourism", "environment"],
        "affiliation": "Đại học Hạ Long",
    },
    {
        "email": "viet.tranquoc@vienkhcnmo.example",
        "display_name": "Trần Quốc Việt",
        "role": "judge",
        "expertise": ["mining_energy", "industry"],
        "affiliation": "Viện Khoa học và Công nghệ Mỏ – Vinacomin",
    },
    {
        "email": "tuan.leminh@humg.example",
        "display_name": "Lê Minh Tuấn",
        "role": "judge",
        "expertise": ["mining_energy", "environment", "disaster_resilience"],
        "affiliation": "Trường Đại học Mỏ – Địa chất",
    },
    {
        "email": "lananh.pham@tainguyenbien.example",
        "display_name": "Phạm Thị Lan Anh",
        "role": "judge",
        "expertise": ["environment", "aquaculture"],
        "affiliation": "Viện Tài nguyên và Môi trường biển",
    },
    {
        "email": "dung.hoangvan@vimaru.example",
        "display_name": "Hoàng Văn Dũng",
        "role": "judge",
        "expertise": ["ports_logistics", "transport"],
        "affiliation": "Trường Đại học Hàng hải Việt Nam",
    },
    {
        "email": "mai.dothingoc@ftu-quangninh.example",
        "display_name": "Đỗ Thị Ngọc Mai",
        "role": "judge",
        "expertise": ["trade", "ports_logistics"],
        "affiliation": "Trường Đại học Ngoại thương – Cơ sở Quảng Ninh",
    },
    {
        "email": "thang.vuduc@vienhaisan.example",
        "display_name": "Vũ Đức Thắng",
        "role": "judge",
        "expertise": ["aquaculture", "environment"],
        "affiliation": "Viện Nghiên cứu Hải sản",
    },
    {
        "email": "nhung.buihong@bvdkquangninh.example",
        "display_name": "Bùi Thị Hồng Nhung",
        "role": "judge",
        "expertise": ["health"],
        "affiliation": "Bệnh viện Đa khoa tỉnh Quảng Ninh",
    },
    {
        "email": "huy.ngoquang@ptit.example",
        "display_name": "Ngô Quang Huy",
        "role": "judge",
        "expertise": ["digital_government", "transport"],
        "affiliation": "Học viện Công nghệ Bưu chính Viễn thông",
    },
    {
        "email": "trang.dangthu@uet-vnu.example",
        "display_name": "Đặng Thu Trang",
        "role": "judge",
        "expertise": ["digital_government", "education"],
        "affiliation": "Trường Đại học Công nghệ, Đại học Quốc gia Hà Nội",
    },
    {
        "email": "thanh.luongvan@khituongthuyvan.example",
        "display_name": "Lương Văn Thành",
        "role": "judge",
        "expertise": ["disaster_resilience", "environment"],
        "affiliation": "Viện Khoa học Khí tượng Thủy văn và Biến đổi khí hậu",
    },
    {
        "email": "phuoc.nguyenhuu@qui.example",
        "display_name": "Nguyễn Hữu Phước",
        "role": "judge",
        "expertise": ["industry", "mining_energy"],
        "affiliation": "Trường Đại học Công nghiệp Quảng Ninh",
    },
    {
        "email": "thu.trinhminh@hnue.example",
        "display_name": "Trịnh Thị Minh Thư",
        "role": "judge",
        "expertise": ["education"],
        "affiliation": "Trường Đại học Sư phạm Hà Nội",
    },
    {
        "email": "khanh.macvan@hiephoidn-quangninh.example",
        "display_name": "Mạc Văn Khánh",
        "role": "judge",
        "expertise": ["trade", "industry", "tourism"],
        "affiliation": "Hiệp hội Doanh nghiệp tỉnh Quảng Ninh",
    },
    {
        "email": "ngoc.phanbich@cdytquangninh.example",
        "display_name": "Phan Thị Bích Ngọc",
        "role": "judge",
        "expertise": ["health", "education"],
        "affiliation": "Trường Cao đẳng Y tế Quảng Ninh",
    },
    # Youth entrants (two under 18, each linked to a guardian below)
    {
        "email": "khang.nguyenminh@mail.example",
        "display_name": "Nguyễn Minh Khang",
        "role": "youth",
        "birth_date": "2016-04-18",
        "school": "Trường Tiểu học Cao Xanh, Quảng Ninh",
        "guardian_email": "long.nguyenvan@mail.example",
    },
    {
        "email": "maianh.ly@mail.example",
        "display_name": "Lý Thị Mai Anh",
        "role": "youth",
        "birth_date": "2012-09-03",
        "school": "Trường THCS Bình Liêu, Quảng Ninh",
        "guardian_email": "hanh.lythi@mail.example",
    },
    {
        "email": "ducanh.tran@mail.example",
        "display_name": "Trần Đức Anh",
        "role": "youth",
        "birth_date": "2005-02-11",
        "school": "Đại học Hạ Long",
    },
    # Guardians of the two minors
    {
        "email": "long.nguyenvan@mail.example",
        "display_name": "Nguyễn Văn Long",
        "role": "guardian",
    },
    {
        "email": "hanh.lythi@mail.example",
        "display_name": "Lý Thị Hạnh",
        "role": "guardian",
    },
]
