# desc: service IPv4 addresses go through inet_aton: 1.2.3, 0x0a000064, octal 010.0.0.1, 1, 10.1
ipvsadm -A -t 1.2.3:80
echo "rc=$?"
ipvsadm -A -t 0x0a000064:81
echo "rc=$?"
ipvsadm -A -t 010.0.0.1:82
echo "rc=$?"
ipvsadm -A -t 1:83
echo "rc=$?"
ipvsadm -A -t 10.1:84
echo "rc=$?"
ipvsadm -A -u 0XA.0.0.0144:85
echo "rc=$?"
ipvsadm -Ln
