# desc: -S of a --pe sip service (persistent and not), of sh with flag-3 only (listed "sh ()") and of mh with flag-3
ipvsadm -A -t 10.0.0.100:80 -p 60 --pe sip
ipvsadm -A -u 10.0.0.100:5060 --pe sip
ipvsadm -A -t 10.0.0.106:81 -s sh -b flag-3
ipvsadm -A -t 10.0.0.106:82 -s mh -b flag-3,mh-port
ipvsadm -A -t 10.0.0.106:83 -s sh -b flag-1,flag-3
ipvsadm -Sn
echo "rc=$?"
ipvsadm -Ln
